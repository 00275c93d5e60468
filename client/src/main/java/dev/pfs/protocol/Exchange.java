package dev.pfs.protocol;

import dev.pfs.crypto.Aead;
import dev.pfs.crypto.ConstantTime;
import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.EphemeralKeyPair;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the key exchange with one peer: a pairing from an invitation, or a re-key with a
 * paired peer. A state machine fed one message at a time; it answers through its {@link Host}.
 *
 * <p>Each side numbers the messages it sends in the exchange ({@code seq}, hello and abort
 * excluded) and processes the peer's strictly in that order: a message ahead of its turn waits
 * in a small buffer, an exact duplicate of a processed one is ignored, a different message in a
 * taken position aborts with {@code replay}. A hello carries how many of the peer's messages the
 * sender has processed ({@code have}); the answer resends the rest. That is how a device that
 * lost messages while reconnecting catches up, and why duplicates must be harmless.
 */
final class Exchange {
    /** How far ahead of its turn a message may arrive and still wait for it. */
    private static final int MAX_BUFFERED = 4;
    private static final int MIN_IDENTITY_KEY_SIZE_IN_BYTES = 200;
    private static final int MAX_IDENTITY_KEY_SIZE_IN_BYTES = 1100;
    private static final long MIN_LIFETIME_MILLIS = 1000;
    private static final long MAX_LIFETIME_MILLIS = 366L * 24 * 60 * 60 * 1000;

    /** Where the exchange reports to; implemented by {@link Device}. */
    interface Host {
        void publish(String channel, Message message);

        void progress(Exchange exchange, PairingStep step, String detail);

        /** Stores the session key; returns null, or why it could not be stored. */
        String complete(Exchange exchange);

        /**
         * The inviter gave up after we, the joiner, stored the session key (it never got or
         * could not check our acknowledgement): put back what {@link #complete} replaced.
         */
        void revoke(Exchange exchange, String reason);

        void aborted(Exchange exchange, AbortReason reason, String detail);
    }

    private enum State { RUNNING, FINISHED, ABORTED }

    /** A message we sent, with where it went, for resending. */
    private static final class Sent {
        final String channel;
        final Message message;

        Sent(String channel, Message message) {
            this.channel = channel;
            this.message = message;
        }
    }

    final ExchangeKind kind;
    final Role role;
    private final Local local;
    private final Host host;
    private final Invitation invitation;
    private final byte[] ourNonce;
    private byte[] theirNonce;
    private byte[] theirIdentityKey;
    private String theirName;
    private String theirFingerprint;
    private String theirDeviceChannel;

    private EphemeralKeyPair ephemeral;
    private byte[] ourEphemeralKey;
    private byte[] transcriptStartHash;
    private byte[] transcriptStart;
    private byte[] transcriptHash;
    private KeySchedule.Keys keys;
    private String sas;
    private byte[] sessionKey;
    private long sessionKeyLifetimeMillis;

    private final List<Sent> sent = new ArrayList<>();
    private final List<Message> received = new ArrayList<>();
    private final Map<Long, Message> ahead = new HashMap<>();
    private boolean identitySent;
    private State state = State.RUNNING;
    private long deadlineMillis;

    private Exchange(ExchangeKind kind, Role role, Local local, Host host, Invitation invitation,
            long firstDeadlineMillis) {
        this.kind = kind;
        this.role = role;
        this.local = local;
        this.host = host;
        this.invitation = invitation;
        this.ourNonce = local.crypto.random().nextBytes(Message.NONCE_SIZE_IN_BYTES);
        this.deadlineMillis = firstDeadlineMillis;
    }

    /** A pairing from an invitation, as inviter or joiner. */
    static Exchange pairing(Role role, Local local, Host host, Invitation invitation) {
        long wait = role == Role.INVITER
                ? local.config.invitationTimeoutMillis()
                : local.config.pairingTimeoutMillis();
        return new Exchange(ExchangeKind.PAIRING, role, local, host, invitation,
                local.clock.nowMillis() + wait);
    }

    /** A re-key with a paired peer, started by us (inviter) or by them (joiner). */
    static Exchange rekey(Role role, Local local, Host host, PeerRecord peer) {
        Exchange exchange = new Exchange(ExchangeKind.REKEY, role, local, host, null,
                local.clock.nowMillis() + local.config.pairingTimeoutMillis());
        exchange.theirIdentityKey = peer.identityKey();
        exchange.theirName = peer.name();
        exchange.theirFingerprint = peer.fingerprint();
        exchange.theirDeviceChannel = peer.deviceChannel();
        return exchange;
    }

    // ---- what the device asks

    boolean isRunning() {
        return state == State.RUNNING;
    }

    /** Finished with a session key, kept a while to answer a peer that re-announces itself. */
    boolean isFinished() {
        return state == State.FINISHED;
    }

    /**
     * Inviter: the new session key went out and its acknowledgement has not come. The peer may
     * already use the new key, so a message under the stored one would reach it too late.
     */
    boolean awaitsAck() {
        return state == State.RUNNING && role == Role.INVITER && sessionKey != null;
    }

    long deadlineMillis() {
        return deadlineMillis;
    }

    byte[] ourNonce() {
        return ourNonce.clone();
    }

    /** Whether a message with this nonce belongs to this exchange (their nonce, or not yet set). */
    boolean acceptsNonce(byte[] nonce) {
        return theirNonce == null || ConstantTime.equals(theirNonce, nonce);
    }

    boolean knowsTheirNonce() {
        return theirNonce != null;
    }

    String pairingChannel() {
        return invitation == null ? null : invitation.channelName();
    }

    String theirName() {
        return theirName;
    }

    String theirFingerprint() {
        return theirFingerprint;
    }

    String theirDeviceChannel() {
        return theirDeviceChannel;
    }

    byte[] theirIdentityKey() {
        return theirIdentityKey.clone();
    }

    String sas() {
        return sas;
    }

    byte[] sessionKey() {
        return sessionKey.clone();
    }

    String sessionKeyId() {
        return KeySchedule.keyId(transcriptHash);
    }

    long sessionKeyLifetimeMillis() {
        return sessionKeyLifetimeMillis;
    }

    // ---- events in

    /** Announces us: on connect, on reconnect, and when the exchange starts while connected. */
    void announce() {
        if (state == State.ABORTED) {
            return;
        }
        publish(announceChannel(), Message.hello(role, ourNonce, fromField(), received.size(),
                false));
        if (state == State.RUNNING) {
            host.progress(this, PairingStep.ANNOUNCED, kind == ExchangeKind.PAIRING
                    ? "announced on the pairing channel"
                    : "asked " + theirName + " for a re-key");
        }
    }

    /** A message from the peer's role whose nonce {@link #acceptsNonce} accepted. */
    void receive(Message message) {
        if (state == State.ABORTED) {
            return;
        }
        if (message.type == MessageType.ABORT) {
            if (theirNonce != null && state == State.RUNNING) {
                abort(AbortReason.PEER_ABORTED, "the peer gave up: " + printable(message.reason),
                        false);
            } else if (theirNonce != null && state == State.FINISHED && role == Role.JOINER
                    && isFromTheInviter(message)) {
                // Both must end alike: the inviter stored nothing, so neither do we.
                state = State.ABORTED;
                sessionKey = null;
                host.revoke(this, printable(message.reason));
            }
            // An abort without the inviter's proof cannot undo a finished exchange: anybody
            // on the relay could have written it.
            return;
        }
        boolean newPeer = theirNonce == null;
        if (newPeer) {
            theirNonce = message.nonce.clone();
        }
        if (state == State.RUNNING) {
            deadlineMillis = local.clock.nowMillis() + local.config.pairingTimeoutMillis();
        }
        if (newPeer) {
            host.progress(this, PairingStep.PEER_FOUND, "found the peer; both nonces are known");
        }
        if (message.type == MessageType.HELLO) {
            receiveHello(message);
        } else if (state == State.RUNNING) {
            receiveSequenced(message);
        }
        advance();
    }

    /** The device's timer: aborts a running exchange whose peer went silent. */
    void timeOut() {
        if (state == State.RUNNING) {
            abort(AbortReason.TIMEOUT, "the peer was silent for too long", true);
        }
    }

    /**
     * Ends the exchange with the reason; tells the peer unless it told us. Forgets the ephemeral
     * key and every secret.
     */
    void abort(AbortReason reason, String detail, boolean tellPeer) {
        if (state != State.RUNNING) {
            return;
        }
        state = State.ABORTED;
        byte[] mac = tellPeer && theirNonce != null ? abortMac(reason) : null;
        forgetSecrets();
        if (tellPeer && theirNonce != null) {
            // A pairing's abort goes to the pairing channel, which both stay subscribed to
            // until the pairing ends; a re-key's to their device channel.
            publish(announceChannel(), Message.abort(role, ourNonce, fromField(), reason, mac));
        }
        host.aborted(this, reason, detail);
    }

    /**
     * Inviter, once it sent the session key: HMAC under that key, which the joiner may already
     * have stored, so that only we can make the joiner discard it again. Else null.
     */
    private byte[] abortMac(AbortReason reason) {
        if (role != Role.INVITER || sessionKey == null || transcriptHash == null) {
            return null;
        }
        try {
            return local.crypto.mac().hmacSha256(sessionKey,
                    KeySchedule.abortData(transcriptHash, reason.wireName()));
        } catch (CryptoException e) {
            // The abort still goes out; a finished joiner will not act on it.
            return null;
        }
    }

    /** Whether an abort carries the inviter's MAC under the session key we stored. */
    private boolean isFromTheInviter(Message abort) {
        if (abort.mac == null || sessionKey == null) {
            return false;
        }
        try {
            byte[] expected = local.crypto.mac().hmacSha256(sessionKey,
                    KeySchedule.abortData(transcriptHash, abort.reason));
            return ConstantTime.equals(expected, abort.mac);
        } catch (CryptoException e) {
            return false;
        }
    }

    /** Drops the exchange without a word: another exchange replaced it. */
    void discard() {
        state = State.ABORTED;
        forgetSecrets();
    }

    // ---- the steps

    private void receiveHello(Message hello) {
        if (!hello.answer) {
            publish(announceChannel(), Message.hello(role, ourNonce, fromField(),
                    received.size(), true));
        }
        for (int i = (int) hello.have; i < sent.size(); i++) {
            Sent earlier = sent.get(i);
            host.publish(earlier.channel, earlier.message);
        }
    }

    private void receiveSequenced(Message message) {
        long position = received.size();
        if (message.seq < position) {
            if (!message.sameAs(received.get((int) message.seq))) {
                abort(AbortReason.REPLAY, "a different " + message.type.wireName()
                        + " message in position " + message.seq, true);
            }
            return;
        }
        if (message.seq > position) {
            Message waiting = ahead.get(message.seq);
            if (waiting != null && !waiting.sameAs(message)) {
                abort(AbortReason.REPLAY, "a different " + message.type.wireName()
                        + " message in position " + message.seq, true);
            } else if (message.seq > position + MAX_BUFFERED) {
                abort(AbortReason.UNEXPECTED_MESSAGE, "message in position " + message.seq
                        + " while expecting " + position, true);
            } else {
                ahead.put(message.seq, message);
            }
            return;
        }
        Message next = message;
        while (next != null && state == State.RUNNING) {
            // Processing their ephemeral key needs ours (the transcript start, the private
            // key). In a re-key theirs can come first, before the hello that named their
            // nonce, so send ours before processing anything.
            advance();
            if (state != State.RUNNING) {
                return;
            }
            received.add(next);
            process(next);
            advance();
            next = ahead.remove((long) received.size());
        }
    }

    /** Sends what we can send now that something changed. */
    private void advance() {
        if (state != State.RUNNING || theirNonce == null) {
            return;
        }
        if (kind == ExchangeKind.PAIRING && !identitySent) {
            sendIdentity();
        }
        if (state == State.RUNNING && theirIdentityKey != null && ourEphemeralKey == null) {
            sendEphemeral();
        }
    }

    private void process(Message message) {
        MessageType expected = expectedType(message.seq);
        if (message.type != expected) {
            abort(AbortReason.UNEXPECTED_MESSAGE, "got " + message.type.wireName()
                    + " in position " + message.seq + "; expected "
                    + (expected == null ? "nothing" : expected.wireName()), true);
            return;
        }
        if (message.type != MessageType.IDENTITY
                && !message.from.equals(theirDeviceChannel)) {
            abort(AbortReason.UNEXPECTED_MESSAGE, message.type.wireName()
                    + " from another device channel than the peer's", true);
            return;
        }
        try {
            switch (message.type) {
                case IDENTITY:
                    receiveIdentity(message);
                    break;
                case EPHEMERAL:
                    receiveEphemeral(message);
                    break;
                case CONFIRM:
                    receiveConfirmation(message);
                    break;
                case SESSION:
                    receiveSessionKey(message);
                    break;
                case ACK:
                    receiveAck(message);
                    break;
                default:
                    throw new AssertionError(message.type);
            }
        } catch (CryptoException e) {
            abort(AbortReason.CRYPTO_FAILED, "our crypto backend failed: " + e.getMessage(),
                    true);
        }
    }

    /** The type of the peer's message in each position of its sequence. */
    private MessageType expectedType(long seq) {
        long position = kind == ExchangeKind.PAIRING ? seq : seq + 1;
        if (position == 0) {
            return MessageType.IDENTITY;
        } else if (position == 1) {
            return MessageType.EPHEMERAL;
        } else if (position == 2) {
            return MessageType.CONFIRM;
        } else if (position == 3) {
            return role == Role.INVITER ? MessageType.ACK : MessageType.SESSION;
        }
        return null;
    }

    private void sendIdentity() {
        identitySent = true;
        try {
            byte[] key = identityKey();
            byte[] iv = local.crypto.random().nextBytes(Aead.IV_SIZE_IN_BYTES);
            byte[] ciphertext = local.crypto.aead().seal(key, iv,
                    KeySchedule.identityPlaintext(local.identityKey,
                            local.config.deviceName()),
                    identityAad(role));
            publishSequenced(pairingChannel(), Message.identity(role, ourNonce, sent.size(), iv,
                    ciphertext));
            host.progress(this, PairingStep.IDENTITY_SENT,
                    "sent our identity key, encrypted under the pairing secret");
        } catch (CryptoException e) {
            abort(AbortReason.CRYPTO_FAILED, "could not encrypt our identity: "
                    + e.getMessage(), true);
        }
    }

    private void receiveIdentity(Message message) throws CryptoException {
        byte[] plaintext;
        try {
            plaintext = local.crypto.aead().open(identityKey(), message.iv, message.ciphertext,
                    identityAad(role.other()));
        } catch (CryptoException e) {
            abort(AbortReason.WRONG_SECRET, "the identity message did not authenticate: another"
                    + " pairing secret, or tampered with", true);
            return;
        }
        int keyLength = plaintext.length < 2 ? -1
                : ((plaintext[0] & 0xFF) << 8) | (plaintext[1] & 0xFF);
        if (keyLength < MIN_IDENTITY_KEY_SIZE_IN_BYTES || keyLength > MAX_IDENTITY_KEY_SIZE_IN_BYTES
                || 2 + keyLength > plaintext.length
                || plaintext.length - 2 - keyLength > DeviceConfig.MAX_NAME_SIZE_IN_BYTES) {
            abort(AbortReason.BAD_IDENTITY_KEY, "identity key of " + keyLength + " bytes or name"
                    + " too long", true);
            return;
        }
        byte[] identityKey = Bytes.slice(plaintext, 2, 2 + keyLength);
        if (ConstantTime.equals(identityKey, local.identityKey)) {
            abort(AbortReason.BAD_IDENTITY_KEY, "the peer claims our own identity key", true);
            return;
        }
        theirIdentityKey = identityKey;
        theirName = printable(new String(plaintext, 2 + keyLength,
                plaintext.length - 2 - keyLength, StandardCharsets.UTF_8));
        theirFingerprint = Fingerprints.of(local.crypto.digest(), identityKey);
        theirDeviceChannel = Fingerprints.deviceChannel(local.crypto.digest(), identityKey);
        host.progress(this, PairingStep.IDENTITY_RECEIVED, "received the identity of "
                + theirName + ", fingerprint " + Fingerprints.grouped(theirFingerprint));
    }

    private void sendEphemeral() {
        try {
            ephemeral = local.crypto.keyAgreement().generateEphemeralKey();
            ourEphemeralKey = ephemeral.publicKey();
            transcriptStart = KeySchedule.transcriptStart(
                    kind == ExchangeKind.PAIRING ? KeySchedule.KIND_PAIRING
                            : KeySchedule.KIND_REKEY,
                    invitation == null ? new byte[Invitation.CHANNEL_ID_SIZE_IN_BYTES]
                            : invitation.channelId(),
                    nonceOf(Role.INVITER), nonceOf(Role.JOINER), identityKeyOf(Role.INVITER),
                    identityKeyOf(Role.JOINER));
            transcriptStartHash = local.crypto.digest().sha256(transcriptStart);
            byte[] signature = local.identity.sign(KeySchedule.signedData(role,
                    transcriptStartHash, ourEphemeralKey));
            publishSequenced(theirDeviceChannel, Message.ephemeral(role, ourNonce, sent.size(),
                    local.deviceChannel, ourEphemeralKey, signature));
            host.progress(this, PairingStep.EPHEMERAL_SENT,
                    "sent a fresh ephemeral key, signed with our identity key");
        } catch (CryptoException e) {
            abort(AbortReason.CRYPTO_FAILED, "could not make our ephemeral key: "
                    + e.getMessage(), true);
        }
    }

    private void receiveEphemeral(Message message) throws CryptoException {
        boolean valid;
        try {
            valid = local.crypto.signatures().verify(theirIdentityKey,
                    KeySchedule.signedData(role.other(), transcriptStartHash,
                            message.ephemeralKey),
                    message.signature);
        } catch (CryptoException e) {
            abort(AbortReason.BAD_IDENTITY_KEY, "their identity key is unusable: "
                    + e.getMessage(), true);
            return;
        }
        if (!valid) {
            abort(AbortReason.BAD_SIGNATURE, "the signature on their ephemeral key did not"
                    + " verify", true);
            return;
        }
        byte[] sharedSecret;
        try {
            sharedSecret = ephemeral.agree(message.ephemeralKey);
        } catch (CryptoException e) {
            abort(AbortReason.BAD_EPHEMERAL_KEY, "their ephemeral key: " + e.getMessage(), true);
            return;
        }
        host.progress(this, PairingStep.EPHEMERAL_VERIFIED,
                "their ephemeral key's signature verified");
        byte[] theirEphemeralKey = message.ephemeralKey;
        transcriptHash = KeySchedule.transcriptHash(local.crypto, transcriptStart,
                role == Role.INVITER ? ourEphemeralKey : theirEphemeralKey,
                role == Role.INVITER ? theirEphemeralKey : ourEphemeralKey);
        keys = KeySchedule.derive(local.crypto, sharedSecret, nonceOf(Role.INVITER),
                nonceOf(Role.JOINER), transcriptHash);
        java.util.Arrays.fill(sharedSecret, (byte) 0);
        ephemeral.destroy();
        sas = keys.sas;
        // A re-key shows no SAS: the identity keys pinned at pairing authenticate it.
        String check = kind == ExchangeKind.PAIRING ? "compare the SAS " + keys.sas
                : "nothing to compare: both ephemeral keys were signed with the identity keys"
                        + " pinned at pairing";
        host.progress(this, PairingStep.KEYS_DERIVED, "derived the keys and destroyed our"
                + " ephemeral key; " + check);
        byte[] confirmation = local.crypto.mac().hmacSha256(keys.confirmationKey,
                KeySchedule.confirmationData(role, transcriptHash));
        publishSequenced(theirDeviceChannel, Message.mac(MessageType.CONFIRM, role, ourNonce,
                sent.size(), local.deviceChannel, confirmation));
        host.progress(this, PairingStep.CONFIRMATION_SENT, "sent our key confirmation");
    }

    private void receiveConfirmation(Message message) throws CryptoException {
        byte[] expected = local.crypto.mac().hmacSha256(keys.confirmationKey,
                KeySchedule.confirmationData(role.other(), transcriptHash));
        if (!ConstantTime.equals(expected, message.mac)) {
            abort(AbortReason.BAD_CONFIRMATION, "their key confirmation did not verify", true);
            return;
        }
        host.progress(this, PairingStep.CONFIRMED, "their key confirmation verified: both"
                + " hold the same keys");
        if (role == Role.INVITER) {
            sessionKey = local.crypto.random().nextBytes(Aead.KEY_SIZE_IN_BYTES);
            sessionKeyLifetimeMillis = local.config.sessionKeyLifetimeMillis();
            byte[] iv = local.crypto.random().nextBytes(Aead.IV_SIZE_IN_BYTES);
            byte[] ciphertext = local.crypto.aead().seal(keys.pairingKey, iv,
                    KeySchedule.sessionPlaintext(sessionKey, sessionKeyLifetimeMillis),
                    KeySchedule.sessionAad(transcriptHash));
            publishSequenced(theirDeviceChannel, Message.session(role, ourNonce, sent.size(),
                    local.deviceChannel, iv, ciphertext));
            host.progress(this, PairingStep.SESSION_KEY, "sent a fresh session key "
                    + sessionKeyId() + ", encrypted under the pairing key");
        }
    }

    private void receiveSessionKey(Message message) throws CryptoException {
        byte[] plaintext;
        try {
            plaintext = local.crypto.aead().open(keys.pairingKey, message.iv, message.ciphertext,
                    KeySchedule.sessionAad(transcriptHash));
        } catch (CryptoException e) {
            abort(AbortReason.BAD_SESSION_KEY, "the session key message did not authenticate",
                    true);
            return;
        }
        long lifetime = plaintext.length == Aead.KEY_SIZE_IN_BYTES + 8
                ? Bytes.readU64(plaintext, Aead.KEY_SIZE_IN_BYTES) : -1;
        if (lifetime < MIN_LIFETIME_MILLIS || lifetime > MAX_LIFETIME_MILLIS) {
            abort(AbortReason.BAD_SESSION_KEY, "session key message of " + plaintext.length
                    + " bytes or lifetime out of range", true);
            return;
        }
        sessionKey = Bytes.slice(plaintext, 0, Aead.KEY_SIZE_IN_BYTES);
        sessionKeyLifetimeMillis = lifetime;
        host.progress(this, PairingStep.SESSION_KEY, "received session key " + sessionKeyId());
        byte[] ack = local.crypto.mac().hmacSha256(sessionKey,
                KeySchedule.ackData(transcriptHash));
        if (finish()) {
            publishSequenced(theirDeviceChannel, Message.mac(MessageType.ACK, role, ourNonce,
                    sent.size(), local.deviceChannel, ack));
        }
    }

    private void receiveAck(Message message) throws CryptoException {
        byte[] expected = local.crypto.mac().hmacSha256(sessionKey,
                KeySchedule.ackData(transcriptHash));
        if (!ConstantTime.equals(expected, message.mac)) {
            abort(AbortReason.BAD_CONFIRMATION, "their session key acknowledgement did not"
                    + " verify", true);
            return;
        }
        finish();
    }

    /** Stores the session key through the host; true when stored. */
    private boolean finish() {
        // Not yet: a joiner that also misses the inviter's abort (offline for twice the
        // timeout) keeps a pairing the inviter does not have, until the devices pair again.
        String failure = host.complete(this);
        if (failure != null) {
            abort(AbortReason.STORAGE_FAILED, failure, true);
            return false;
        }
        state = State.FINISHED;
        // Twice the timeout: longer than the peer may still wait for us, so we still hear its
        // re-announcement or its abort.
        deadlineMillis = local.clock.nowMillis() + 2 * local.config.pairingTimeoutMillis();
        byte[] key = sessionKey;
        forgetSecrets();
        sessionKey = key;
        return true;
    }

    // ---- helpers

    private void publishSequenced(String channel, Message message) {
        sent.add(new Sent(channel, message));
        host.publish(channel, message);
    }

    private void publish(String channel, Message message) {
        host.publish(channel, message);
    }

    /** Hellos of a pairing go to the pairing channel; of a re-key, to their device channel. */
    private String announceChannel() {
        return kind == ExchangeKind.PAIRING ? pairingChannel() : theirDeviceChannel;
    }

    private String fromField() {
        return kind == ExchangeKind.PAIRING ? null : local.deviceChannel;
    }

    private byte[] identityKey() throws CryptoException {
        return KeySchedule.identityKey(local.crypto, invitation.pairingSecret(),
                invitation.channelId());
    }

    private byte[] identityAad(Role sender) {
        return KeySchedule.identityAad(sender, invitation.channelId(), nonceOf(Role.INVITER),
                nonceOf(Role.JOINER));
    }

    private byte[] nonceOf(Role who) {
        return who == role ? ourNonce : theirNonce;
    }

    private byte[] identityKeyOf(Role who) {
        return who == role ? local.identityKey : theirIdentityKey;
    }

    private void forgetSecrets() {
        if (ephemeral != null) {
            ephemeral.destroy();
        }
        keys = null;
        sessionKey = null;
        ahead.clear();
    }

    /** Their claimed name without control characters, so it cannot forge lines of output. */
    private static String printable(String name) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            text.append(Character.isISOControl(c) ? '?' : c);
        }
        return text.length() == 0 ? "unnamed" : text.toString();
    }
}
