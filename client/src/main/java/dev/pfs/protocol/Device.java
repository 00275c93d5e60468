package dev.pfs.protocol;

import dev.pfs.crypto.Aead;
import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.CryptoSuite;
import dev.pfs.crypto.IdentityKeyPair;
import dev.pfs.protocol.wire.JsonCodec;
import dev.pfs.protocol.wire.MalformedMessageException;
import dev.pfs.protocol.wire.WireObject;
import dev.pfs.transport.Transport;
import dev.pfs.transport.TransportListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A device: our identity key, the peers we paired with, at most one pairing in progress and
 * any re-keys. The whole protocol core behind one facade that a user interface drives.
 *
 * <p><b>Threading.</b> Single-threaded and event-driven: the caller feeds it one event at a time
 * (a transport event, a timer {@link #tick}, a user request) from one thread. Crypto and store
 * calls are synchronous. The device never calls {@link Transport#connect}: its owner does, and
 * forwards the transport's events to the device's {@link TransportListener} methods on the
 * device's thread (in the browser: from a queue drained by one TeaVM thread). Listener calls
 * are made once the device's own work for an event is done, so a listener may call back in.
 *
 * <p>Typical use: {@code start()}; {@code transport.connect(queueFeeding(device))}; then
 * {@code invite()} or {@code join(link)}; call {@code tick()} about once a second.
 */
public final class Device implements TransportListener {
    /** Longest application message text, in UTF-8 bytes. */
    public static final int MAX_MESSAGE_SIZE_IN_BYTES = 16 * 1024;
    /** Longest relay data the device parses, in characters. */
    public static final int MAX_WIRE_SIZE_IN_CHARS = 64 * 1024;
    /**
     * Messages each side may send under one session key. Both sides draw random IVs under the
     * same key, so together they stay within the 2^32 that NIST SP 800-38D (section 8.3)
     * allows for random IVs.
     */
    public static final long MAX_MESSAGES_PER_KEY = 1L << 31;

    private final DeviceConfig config;
    private final CryptoSuite crypto;
    private final JsonCodec json;
    private final DeviceStore store;
    private final Transport transport;
    private final Clock clock;
    private final DeviceListener listener;

    private final Map<String, PeerRecord> peers = new LinkedHashMap<>();
    private final Map<String, Exchange> rekeys = new LinkedHashMap<>();
    /** What each finished joiner exchange replaced in the store (null: nothing), for revoke. */
    private final Map<Exchange, PeerRecord> replaced = new java.util.IdentityHashMap<>();
    private final ArrayDeque<Runnable> events = new ArrayDeque<>();
    private final Host host = new Host();
    private boolean dispatching;
    private Local local;
    private Exchange pairing;
    private boolean connected;

    public Device(DeviceConfig config, CryptoSuite crypto, JsonCodec json, DeviceStore store,
            Transport transport, Clock clock, DeviceListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.crypto = Objects.requireNonNull(crypto, "crypto");
        this.json = Objects.requireNonNull(json, "json");
        this.store = Objects.requireNonNull(store, "store");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Loads our identity key and peers from the store, creating and storing an identity key on
     * first use, and subscribes to our device channel. Call once, before anything else.
     */
    public void start() throws StoreException, CryptoException {
        if (local != null) {
            throw new IllegalStateException("device already started");
        }
        IdentityKeyPair identity = store.loadIdentity();
        if (identity == null) {
            identity = crypto.signatures().generateIdentityKey();
            store.saveIdentity(identity);
        }
        byte[] identityKey = identity.publicKey();
        local = new Local(crypto, clock, config, identity, identityKey,
                Fingerprints.of(crypto.digest(), identityKey),
                Fingerprints.deviceChannel(crypto.digest(), identityKey));
        for (PeerRecord peer : store.loadPeers()) {
            peers.put(peer.fingerprint(), peer);
        }
        transport.subscribe(local.deviceChannel);
    }

    /** Our fingerprint: SHA-256 of our identity key, 64 hex digits. */
    public String fingerprint() {
        return started().fingerprint;
    }

    /** The channel peers publish to us on. */
    public String deviceChannel() {
        return started().deviceChannel;
    }

    public DeviceConfig config() {
        return config;
    }

    /** Whether the transport last reported itself connected. */
    public boolean isConnected() {
        return connected;
    }

    /** Whether a pairing is running (not yet paired, not aborted). */
    public boolean isPairing() {
        return pairing != null && pairing.isRunning();
    }

    /** The paired peers. */
    public List<PeerInfo> peers() {
        List<PeerInfo> result = new ArrayList<>();
        for (PeerRecord peer : peers.values()) {
            result.add(peer.info());
        }
        return result;
    }

    /**
     * Starts a pairing as the inviter: draws a channel ID and pairing secret, subscribes to the
     * pairing channel and announces us there.
     *
     * @return the invitation; {@link #linkFor} renders it
     * @throws DeviceException when a pairing is already running
     */
    public Invitation invite() throws DeviceException {
        started();
        checkNoPairing();
        Invitation invitation = Invitation.of(
                crypto.random().nextBytes(Invitation.CHANNEL_ID_SIZE_IN_BYTES),
                crypto.random().nextBytes(Invitation.PAIRING_SECRET_SIZE_IN_BYTES));
        startPairing(Role.INVITER, invitation);
        return invitation;
    }

    /** Starts a pairing as the inviter of a given invitation; for tests. */
    void invite(Invitation invitation) throws DeviceException {
        started();
        checkNoPairing();
        startPairing(Role.INVITER, invitation);
    }

    /** The invitation as a link under the configured base URL. */
    public String linkFor(Invitation invitation) {
        return invitation.toLink(config.invitationBaseUrl());
    }

    /** Starts a pairing as the joiner of the invitation. */
    public void join(Invitation invitation) throws DeviceException {
        Objects.requireNonNull(invitation, "invitation");
        started();
        checkNoPairing();
        startPairing(Role.JOINER, invitation);
    }

    /** Parses the invitation link and joins it. */
    public void join(String link) throws InvalidInvitationException, DeviceException {
        join(Invitation.parse(link));
    }

    /** Aborts the running pairing, telling the peer; does nothing when none runs. */
    public void cancelPairing() {
        if (isPairing()) {
            pairing.abort(AbortReason.CANCELLED, "cancelled by us", true);
        }
        flush();
    }

    /**
     * Encrypts the text under the peer's session key and publishes it to their device channel.
     *
     * @throws DeviceException when there is no such peer, the relay is not connected, its
     *         session key expired (a re-key starts), the text is too long, or the new counter
     *         could not be stored
     */
    public SentMessage send(String peerFingerprint, String text) throws DeviceException {
        Objects.requireNonNull(text, "text");
        PeerRecord peer = peer(peerFingerprint);
        byte[] plaintext = text.getBytes(StandardCharsets.UTF_8);
        if (plaintext.length > MAX_MESSAGE_SIZE_IN_BYTES) {
            throw new DeviceException("message of " + plaintext.length + " bytes; at most "
                    + MAX_MESSAGE_SIZE_IN_BYTES);
        }
        if (!connected) {
            // The relay keeps nothing for later: a message published now would be lost.
            throw new DeviceException("not connected to the relay; the message was not sent");
        }
        if (clock.nowMillis() >= peer.sessionKeyExpiresAtMillis()) {
            startRekey(peer);
            flush();
            throw new DeviceException("the session key with " + peer.name()
                    + " expired; re-keying");
        }
        if (peer.nextSendCounter() > MAX_MESSAGES_PER_KEY) {
            startRekey(peer);
            flush();
            throw new DeviceException("the session key with " + peer.name() + " carried "
                    + MAX_MESSAGES_PER_KEY + " messages; re-keying");
        }
        if (mustWaitToSend(peer.fingerprint())) {
            throw new DeviceException("re-keying with " + peer.name() + "; the message was not"
                    + " sent: send it again once re-keyed");
        }
        long counter = peer.nextSendCounter();
        byte[] iv = crypto.random().nextBytes(Aead.IV_SIZE_IN_BYTES);
        byte[] ciphertext;
        try {
            ciphertext = crypto.aead().seal(peer.sessionKey(), iv, plaintext,
                    KeySchedule.messageAad(peer.sessionKeyId(), counter, local.deviceChannel,
                            peer.deviceChannel()));
        } catch (CryptoException e) {
            throw new DeviceException("could not encrypt: " + e.getMessage(), e);
        }
        // The counter is stored before the message leaves, so a restart never reuses it.
        save(peer.withNextSendCounter(counter + 1));
        transport.publish(peer.deviceChannel(), json.write(WireObject.builder()
                .add("v", Message.VERSION)
                .add("t", MessageType.MESSAGE.wireName())
                .add("from", local.deviceChannel)
                .add("key", peer.sessionKeyId())
                .add("ctr", counter)
                .add("iv", iv)
                .add("ct", ciphertext)
                .build()));
        return new SentMessage(peer.fingerprint(), counter, ciphertext.length);
    }

    /**
     * Whether {@link #send} to the peer is refused for a moment: we sent a new session key in
     * a re-key (or a new pairing with a device already paired) and wait for its
     * acknowledgement. The peer may already have switched keys, so it would drop a message
     * under the stored key as stale. Ends within one round trip, or with the exchange.
     */
    public boolean mustWaitToSend(String peerFingerprint) {
        Objects.requireNonNull(peerFingerprint, "peerFingerprint");
        Exchange rekey = null;
        for (PeerRecord peer : peers.values()) {
            if (peer.fingerprint().equals(peerFingerprint)) {
                rekey = rekeys.get(peer.deviceChannel());
            }
        }
        return (rekey != null && rekey.awaitsAck()) || (pairing != null && pairing.awaitsAck()
                && peerFingerprint.equals(pairing.theirFingerprint()));
    }

    /** Starts a re-key with the peer now; does nothing when one is already running. */
    public void rekey(String peerFingerprint) throws DeviceException {
        startRekey(peer(peerFingerprint));
        flush();
    }

    /** Forgets a paired peer and its session key. */
    public void forgetPeer(String peerFingerprint) throws DeviceException {
        PeerRecord peer = peer(peerFingerprint);
        try {
            store.removePeer(peer.fingerprint());
        } catch (StoreException e) {
            throw new DeviceException("could not forget " + peer.name() + ": " + e.getMessage(),
                    e);
        }
        peers.remove(peer.fingerprint());
        Exchange rekey = rekeys.remove(peer.deviceChannel());
        if (rekey != null) {
            rekey.discard();
        }
    }

    /**
     * Wipes the store (identity key and every peer) and stops the device; make a new device to
     * go on.
     */
    public void forgetDevice() throws StoreException {
        store.clear();
        if (pairing != null) {
            pairing.discard();
        }
        for (Exchange rekey : rekeys.values()) {
            rekey.discard();
        }
        rekeys.clear();
        peers.clear();
        transport.close();
        local = null;
    }

    /**
     * The timer: aborts exchanges whose peer went silent and starts a re-key for every peer
     * whose session key expired. Call it at {@link #nextDeadlineMillis} or about once a second.
     */
    public void tick() {
        if (local == null) {
            return;
        }
        long now = clock.nowMillis();
        if (pairing != null && now >= pairing.deadlineMillis()) {
            if (pairing.isRunning()) {
                pairing.timeOut();
            }
            endPairing();
        }
        for (Exchange rekey : new ArrayList<>(rekeys.values())) {
            if (now >= rekey.deadlineMillis()) {
                rekey.timeOut();
                rekeys.values().remove(rekey);
                replaced.remove(rekey);
            }
        }
        if (connected) {
            for (PeerRecord peer : new ArrayList<>(peers.values())) {
                if (now >= peer.sessionKeyExpiresAtMillis()) {
                    startRekey(peer);
                }
            }
        }
        flush();
    }

    /** When {@link #tick} next has something to do, in clock milliseconds. */
    public long nextDeadlineMillis() {
        long next = Long.MAX_VALUE;
        if (pairing != null) {
            next = Math.min(next, pairing.deadlineMillis());
        }
        for (Exchange rekey : rekeys.values()) {
            next = Math.min(next, rekey.deadlineMillis());
        }
        for (PeerRecord peer : peers.values()) {
            if (!rekeys.containsKey(peer.deviceChannel())) {
                next = Math.min(next, peer.sessionKeyExpiresAtMillis());
            }
        }
        return next;
    }

    // ---- transport events

    /** Re-announces every running exchange: the relay kept nothing while we were away. */
    @Override
    public void onConnected() {
        connected = true;
        events.add(() -> listener.onConnectionChanged(true, "connected to the relay"));
        if (local != null) {
            if (pairing != null) {
                pairing.announce();
            }
            for (Exchange rekey : rekeys.values()) {
                rekey.announce();
            }
        }
        tick();
    }

    @Override
    public void onDisconnected(String reason) {
        connected = false;
        events.add(() -> listener.onConnectionChanged(false, reason));
        flush();
    }

    @Override
    public void onMessage(String channel, String data) {
        if (local == null) {
            return;
        }
        if (pairing != null && channel.equals(pairing.pairingChannel())) {
            onPairingChannel(data);
        } else if (channel.equals(local.deviceChannel)) {
            onDeviceChannel(data);
        }
        flush();
    }

    // ---- inside

    private void onPairingChannel(String data) {
        Message message;
        try {
            message = Message.fromWire(parse(data), false);
        } catch (MalformedMessageException e) {
            if (pairing.isRunning()) {
                pairing.abort(AbortReason.MALFORMED_MESSAGE, e.getMessage(), false);
            }
            return;
        }
        // Our own messages come back to us, and a third device may have the invitation too.
        if (message.role != pairing.role && pairing.acceptsNonce(message.nonce)) {
            pairing.receive(message);
        }
        if (pairing != null && !pairing.isRunning() && !pairing.isFinished()) {
            endPairing();
        }
    }

    private void onDeviceChannel(String data) {
        WireObject wire;
        MessageType type;
        try {
            wire = parse(data);
            type = Message.typeOf(wire);
        } catch (MalformedMessageException e) {
            reject("unknown", AbortReason.MALFORMED_MESSAGE, e.getMessage());
            return;
        }
        if (type == MessageType.MESSAGE) {
            onApplicationMessage(wire);
            return;
        }
        Message message;
        try {
            message = Message.fromWire(wire, true);
        } catch (MalformedMessageException e) {
            reject(wire.get("from") instanceof String ? (String) wire.get("from") : "unknown",
                    AbortReason.MALFORMED_MESSAGE, e.getMessage());
            return;
        }
        if (pairing != null && message.role != pairing.role && pairing.knowsTheirNonce()
                && pairing.acceptsNonce(message.nonce)) {
            pairing.receive(message);
            if (!pairing.isRunning() && !pairing.isFinished()) {
                endPairing();
            }
            return;
        }
        onRekeyMessage(message);
    }

    private void onRekeyMessage(Message message) {
        Exchange rekey = rekeys.get(message.from);
        if (rekey != null && message.role != rekey.role && rekey.acceptsNonce(message.nonce)) {
            rekey.receive(message);
        } else if (message.type == MessageType.HELLO && message.role == Role.INVITER) {
            PeerRecord peer = peerByChannel(message.from);
            if (peer == null) {
                reject(message.from, AbortReason.UNEXPECTED_MESSAGE,
                        "re-key request from a device we are not paired with");
                return;
            }
            // Both sides may start a re-key at once (the key expires on both): the request with
            // the lower nonce wins, the same way on both devices.
            if (rekey != null && rekey.isRunning() && rekey.role == Role.INVITER
                    && Bytes.compare(rekey.ourNonce(), message.nonce) < 0) {
                return;
            }
            if (rekey != null) {
                rekey.discard();
                replaced.remove(rekey);
            }
            rekey = Exchange.rekey(Role.JOINER, local, host, peer);
            rekeys.put(peer.deviceChannel(), rekey);
            rekey.receive(message);
        } else {
            return;
        }
        if (!rekey.isRunning() && !rekey.isFinished()) {
            rekeys.values().remove(rekey);
            replaced.remove(rekey);
        }
    }

    private void onApplicationMessage(WireObject wire) {
        String from = wire.get("from") instanceof String ? (String) wire.get("from") : "unknown";
        try {
            from = Message.channel(wire, "from");
            PeerRecord peer = peerByChannel(from);
            if (peer == null) {
                reject(from, AbortReason.UNEXPECTED_MESSAGE, "not from a paired peer");
                return;
            }
            String keyId = wire.string("key");
            long counter = wire.number("ctr");
            byte[] iv = wire.bytes("iv", Aead.IV_SIZE_IN_BYTES);
            byte[] ciphertext = wire.bytes("ct", Aead.TAG_SIZE_IN_BYTES,
                    MAX_MESSAGE_SIZE_IN_BYTES + Aead.TAG_SIZE_IN_BYTES);
            if (!keyId.equals(peer.sessionKeyId())) {
                reject(from, AbortReason.STALE_KEY, "under session key "
                        + (keyId.length() > 16 ? keyId.substring(0, 16) : keyId)
                        + ", not the current " + peer.sessionKeyId());
                return;
            }
            if (counter < 1) {
                throw new MalformedMessageException("field ctr: " + counter + "; expected >= 1");
            }
            byte[] plaintext;
            try {
                plaintext = crypto.aead().open(peer.sessionKey(), iv, ciphertext,
                        KeySchedule.messageAad(keyId, counter, from, local.deviceChannel));
            } catch (CryptoException e) {
                reject(from, AbortReason.BAD_MESSAGE, "the message did not authenticate");
                return;
            }
            if (counter <= peer.lastReceivedCounter()) {
                reject(from, AbortReason.REPLAY, "counter " + counter + " already seen (last "
                        + peer.lastReceivedCounter() + ")");
                return;
            }
            PeerRecord updated = peer.withLastReceivedCounter(counter);
            try {
                store.savePeer(updated);
            } catch (StoreException e) {
                reject(from, AbortReason.STORAGE_FAILED, e.getMessage());
                return;
            }
            peers.put(updated.fingerprint(), updated);
            String text = new String(plaintext, StandardCharsets.UTF_8);
            PeerInfo info = updated.info();
            events.add(() -> listener.onMessage(info, text, counter));
        } catch (MalformedMessageException e) {
            reject(from, AbortReason.MALFORMED_MESSAGE, e.getMessage());
        }
    }

    private WireObject parse(String data) throws MalformedMessageException {
        if (data.length() > MAX_WIRE_SIZE_IN_CHARS) {
            throw new MalformedMessageException("message of " + data.length()
                    + " characters; at most " + MAX_WIRE_SIZE_IN_CHARS);
        }
        return json.read(data);
    }

    private void startPairing(Role role, Invitation invitation) {
        pairing = Exchange.pairing(role, local, host, invitation);
        if (role == Role.INVITER) {
            host.progress(pairing, PairingStep.INVITATION_CREATED,
                    "created an invitation for channel " + invitation.channelName());
        }
        transport.subscribe(invitation.channelName());
        if (connected) {
            pairing.announce();
        }
        flush();
    }

    private void startRekey(PeerRecord peer) {
        Exchange running = rekeys.get(peer.deviceChannel());
        if (running != null && running.isRunning()) {
            return;
        }
        Exchange rekey = Exchange.rekey(Role.INVITER, local, host, peer);
        rekeys.put(peer.deviceChannel(), rekey);
        if (connected) {
            rekey.announce();
        }
    }

    private void endPairing() {
        if (pairing != null) {
            replaced.remove(pairing);
            transport.unsubscribe(pairing.pairingChannel());
            pairing = null;
        }
    }

    private void checkNoPairing() throws DeviceException {
        if (isPairing()) {
            throw new DeviceException("a pairing is already running; cancel it first");
        }
        endPairing();
    }

    private PeerRecord peer(String fingerprint) throws DeviceException {
        Objects.requireNonNull(fingerprint, "fingerprint");
        started();
        PeerRecord peer = peers.get(fingerprint);
        if (peer == null) {
            throw new DeviceException("no paired peer with fingerprint " + fingerprint);
        }
        return peer;
    }

    private PeerRecord peerByChannel(String channel) {
        for (PeerRecord peer : peers.values()) {
            if (peer.deviceChannel().equals(channel)) {
                return peer;
            }
        }
        return null;
    }

    private void save(PeerRecord peer) throws DeviceException {
        try {
            store.savePeer(peer);
        } catch (StoreException e) {
            throw new DeviceException("could not store the peer: " + e.getMessage(), e);
        }
        peers.put(peer.fingerprint(), peer);
    }

    private void reject(String from, AbortReason reason, String detail) {
        String shown = shown(from);
        events.add(() -> listener.onMessageRejected(shown, reason, detail));
    }

    /**
     * A sender's device channel as the message claimed it, fit to show: anybody on the relay
     * writes it, so no control characters (they could rewrite a terminal) and at most the
     * length of a channel name.
     */
    private static String shown(String claimed) {
        String cut = claimed.length() > Message.MAX_CHANNEL_LENGTH
                ? claimed.substring(0, Message.MAX_CHANNEL_LENGTH) + "..." : claimed;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            text.append(Character.isISOControl(c) ? '?' : c);
        }
        return text.toString();
    }

    private Local started() {
        if (local == null) {
            throw new IllegalStateException("device not started");
        }
        return local;
    }

    /** Delivers queued listener calls, unless an outer call is already delivering them. */
    private void flush() {
        if (dispatching) {
            return;
        }
        dispatching = true;
        try {
            Runnable event;
            while ((event = events.poll()) != null) {
                event.run();
            }
        } finally {
            dispatching = false;
        }
    }

    /** The exchanges' view of the device. */
    private final class Host implements Exchange.Host {
        @Override
        public void publish(String channel, Message message) {
            transport.publish(channel, json.write(message.toWire()));
        }

        @Override
        public void progress(Exchange exchange, PairingStep step, String detail) {
            Progress progress = new Progress(exchange.kind, step, detail, exchange.theirName(),
                    exchange.theirFingerprint(), exchange.sas());
            events.add(() -> listener.onProgress(progress));
        }

        @Override
        public String complete(Exchange exchange) {
            long expiresAt = clock.nowMillis() + exchange.sessionKeyLifetimeMillis();
            PeerRecord existing = peers.get(exchange.theirFingerprint());
            PeerRecord peer;
            if (exchange.kind == ExchangeKind.REKEY && existing != null) {
                peer = existing.withSessionKey(exchange.sessionKey(), exchange.sessionKeyId(),
                        expiresAt);
            } else {
                peer = new PeerRecord(exchange.theirName(), exchange.theirIdentityKey(),
                        exchange.theirFingerprint(), exchange.theirDeviceChannel(),
                        exchange.sessionKey(), exchange.sessionKeyId(), expiresAt, 1, 0);
            }
            try {
                store.savePeer(peer);
            } catch (StoreException e) {
                return "could not store the session key: " + e.getMessage();
            }
            peers.put(peer.fingerprint(), peer);
            if (exchange.role == Role.JOINER) {
                replaced.put(exchange, existing);
            }
            PeerInfo info = peer.info();
            String sas = exchange.sas();
            progress(exchange, PairingStep.PAIRED, exchange.kind == ExchangeKind.PAIRING
                    ? "paired with " + info.name() : "re-keyed with " + info.name());
            if (exchange.kind == ExchangeKind.PAIRING) {
                events.add(() -> listener.onPaired(info, sas));
            } else {
                events.add(() -> listener.onRekeyed(info, sas));
            }
            return null;
        }

        @Override
        public void revoke(Exchange exchange, String reason) {
            String fingerprint = exchange.theirFingerprint();
            PeerRecord earlier = replaced.remove(exchange);
            String detail = "the peer gave up (" + reason + ") after we stored the session key;"
                    + " it is discarded";
            try {
                if (earlier == null) {
                    store.removePeer(fingerprint);
                    peers.remove(fingerprint);
                } else {
                    store.savePeer(earlier);
                    peers.put(fingerprint, earlier);
                }
            } catch (StoreException e) {
                detail = detail + ", but the store failed: " + e.getMessage();
            }
            String message = detail;
            events.add(() -> listener.onAborted(exchange.kind, fingerprint,
                    AbortReason.PEER_ABORTED, message));
        }

        @Override
        public void aborted(Exchange exchange, AbortReason reason, String detail) {
            String fingerprint = exchange.theirFingerprint();
            events.add(() -> listener.onAborted(exchange.kind, fingerprint, reason, detail));
        }
    }
}
