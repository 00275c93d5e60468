package dev.pfs.protocol;

import dev.pfs.crypto.Aead;
import dev.pfs.crypto.EphemeralKeyPair;
import dev.pfs.crypto.Mac;
import dev.pfs.protocol.wire.MalformedMessageException;
import dev.pfs.protocol.wire.WireObject;
import java.util.Arrays;

/**
 * One protocol message, immutable. Which fields a message has depends on its type (protocol.md
 * lists them); {@link #fromWire} checks exactly those, with their lengths, and nothing else.
 */
final class Message {
    static final int VERSION = 1;
    static final int NONCE_SIZE_IN_BYTES = 16;
    static final int MIN_SIGNATURE_SIZE_IN_BYTES = 256;
    static final int MAX_SIGNATURE_SIZE_IN_BYTES = 512;
    static final int MAX_CIPHERTEXT_SIZE_IN_BYTES = 4096;
    static final int MAX_CHANNEL_LENGTH = 128;
    static final int MAX_REASON_LENGTH = 64;

    final MessageType type;
    final Role role;
    final byte[] nonce;
    /** Position among the sender's messages of this exchange; -1 on hello and abort. */
    final long seq;
    /** The sender's device channel; null on the pairing channel. */
    final String from;
    final long have;
    final boolean answer;
    final byte[] iv;
    final byte[] ciphertext;
    final byte[] ephemeralKey;
    final byte[] signature;
    final byte[] mac;
    final String reason;

    private Message(MessageType type, Role role, byte[] nonce, long seq, String from, long have,
            boolean answer, byte[] iv, byte[] ciphertext, byte[] ephemeralKey, byte[] signature,
            byte[] mac, String reason) {
        this.type = type;
        this.role = role;
        this.nonce = nonce;
        this.seq = seq;
        this.from = from;
        this.have = have;
        this.answer = answer;
        this.iv = iv;
        this.ciphertext = ciphertext;
        this.ephemeralKey = ephemeralKey;
        this.signature = signature;
        this.mac = mac;
        this.reason = reason;
    }

    static Message hello(Role role, byte[] nonce, String from, long have, boolean answer) {
        return new Message(MessageType.HELLO, role, nonce, -1, from, have, answer, null, null,
                null, null, null, null);
    }

    static Message identity(Role role, byte[] nonce, long seq, byte[] iv, byte[] ciphertext) {
        return new Message(MessageType.IDENTITY, role, nonce, seq, null, 0, false, iv,
                ciphertext, null, null, null, null);
    }

    static Message ephemeral(Role role, byte[] nonce, long seq, String from, byte[] key,
            byte[] signature) {
        return new Message(MessageType.EPHEMERAL, role, nonce, seq, from, 0, false, null, null,
                key, signature, null, null);
    }

    static Message mac(MessageType type, Role role, byte[] nonce, long seq, String from,
            byte[] mac) {
        return new Message(type, role, nonce, seq, from, 0, false, null, null, null, null, mac,
                null);
    }

    static Message session(Role role, byte[] nonce, long seq, String from, byte[] iv,
            byte[] ciphertext) {
        return new Message(MessageType.SESSION, role, nonce, seq, from, 0, false, iv, ciphertext,
                null, null, null, null);
    }

    /** @param mac null, or the inviter's proof that it holds the session key it sent */
    static Message abort(Role role, byte[] nonce, String from, AbortReason reason, byte[] mac) {
        return new Message(MessageType.ABORT, role, nonce, -1, from, 0, false, null, null, null,
                null, mac, reason.wireName());
    }

    /** Whether the message has a place in the sender's sequence (all but hello and abort). */
    boolean isSequenced() {
        return seq >= 0;
    }

    WireObject toWire() {
        WireObject.Builder wire = WireObject.builder()
                .add("v", VERSION)
                .add("t", type.wireName())
                .add("role", role.wireName())
                .add("nonce", nonce);
        if (from != null) {
            wire.add("from", from);
        }
        if (seq >= 0) {
            wire.add("seq", seq);
        }
        switch (type) {
            case HELLO:
                wire.add("have", have).add("answer", answer ? 1 : 0);
                break;
            case IDENTITY:
            case SESSION:
                wire.add("iv", iv).add("ct", ciphertext);
                break;
            case EPHEMERAL:
                wire.add("key", ephemeralKey).add("sig", signature);
                break;
            case CONFIRM:
            case ACK:
                wire.add("mac", mac);
                break;
            case ABORT:
                wire.add("reason", reason);
                if (mac != null) {
                    wire.add("mac", mac);
                }
                break;
            default:
                throw new AssertionError("not an exchange message: " + type);
        }
        return wire.build();
    }

    /**
     * Parses an exchange message (any type but {@code msg}).
     *
     * @param onDeviceChannel whether it came on a device channel, where {@code from} is required
     */
    static Message fromWire(WireObject wire, boolean onDeviceChannel)
            throws MalformedMessageException {
        MessageType type = typeOf(wire);
        if (type == MessageType.MESSAGE) {
            throw new MalformedMessageException("an application message is no exchange message");
        }
        Role role = Role.fromWireName(wire.string("role"));
        if (role == null) {
            throw new MalformedMessageException("field role: expected inviter or joiner");
        }
        byte[] nonce = wire.bytes("nonce", NONCE_SIZE_IN_BYTES);
        String from = onDeviceChannel ? channel(wire, "from") : null;
        long seq = -1;
        if (type != MessageType.HELLO && type != MessageType.ABORT) {
            seq = wire.number("seq");
            if (seq < 0 || seq > 16) {
                throw new MalformedMessageException("field seq: " + seq + " is outside 0 to 16");
            }
        }
        switch (type) {
            case HELLO:
                long have = wire.number("have");
                long answer = wire.number("answer");
                if (have < 0 || have > 16 || (answer != 0 && answer != 1)) {
                    throw new MalformedMessageException("fields have, answer: " + have + ", "
                            + answer + "; expected 0 to 16 and 0 or 1");
                }
                return hello(role, nonce, from, have, answer == 1);
            case IDENTITY:
                if (onDeviceChannel) {
                    throw new MalformedMessageException("identity message on a device channel");
                }
                return identity(role, nonce, seq, wire.bytes("iv", Aead.IV_SIZE_IN_BYTES),
                        ciphertext(wire));
            case SESSION:
                return session(role, nonce, seq, from, wire.bytes("iv", Aead.IV_SIZE_IN_BYTES),
                        ciphertext(wire));
            case EPHEMERAL:
                return ephemeral(role, nonce, seq, from,
                        wire.bytes("key", EphemeralKeyPair.PUBLIC_KEY_SIZE_IN_BYTES),
                        wire.bytes("sig", MIN_SIGNATURE_SIZE_IN_BYTES,
                                MAX_SIGNATURE_SIZE_IN_BYTES));
            case CONFIRM:
            case ACK:
                return mac(type, role, nonce, seq, from, wire.bytes("mac", Mac.TAG_SIZE_IN_BYTES));
            case ABORT:
                String reason = wire.string("reason");
                if (reason.length() > MAX_REASON_LENGTH) {
                    throw new MalformedMessageException("field reason: " + reason.length()
                            + " characters; at most " + MAX_REASON_LENGTH);
                }
                byte[] abortMac = wire.has("mac") ? wire.bytes("mac", Mac.TAG_SIZE_IN_BYTES)
                        : null;
                return new Message(type, role, nonce, -1, from, 0, false, null, null, null, null,
                        abortMac, reason);
            default:
                throw new AssertionError(type);
        }
    }

    /** Reads the version and type every message has. */
    static MessageType typeOf(WireObject wire) throws MalformedMessageException {
        long version = wire.number("v");
        if (version != VERSION) {
            throw new MalformedMessageException("protocol version " + version
                    + " is not supported; expected " + VERSION);
        }
        String name = wire.string("t");
        MessageType type = MessageType.fromWireName(name);
        if (type == null) {
            throw new MalformedMessageException("unknown message type "
                    + (name.length() > 16 ? name.substring(0, 16) + "..." : name));
        }
        return type;
    }

    static String channel(WireObject wire, String field) throws MalformedMessageException {
        String value = wire.string(field);
        if (value.isEmpty() || value.length() > MAX_CHANNEL_LENGTH) {
            throw new MalformedMessageException("field " + field + ": channel name of "
                    + value.length() + " characters; expected 1 to " + MAX_CHANNEL_LENGTH);
        }
        return value;
    }

    private static byte[] ciphertext(WireObject wire) throws MalformedMessageException {
        return wire.bytes("ct", Aead.TAG_SIZE_IN_BYTES, MAX_CIPHERTEXT_SIZE_IN_BYTES);
    }

    /** Same type, sender and content: a harmless duplicate rather than a replacement. */
    boolean sameAs(Message other) {
        return type == other.type && role == other.role && seq == other.seq
                && Arrays.equals(nonce, other.nonce) && java.util.Objects.equals(from, other.from)
                && Arrays.equals(iv, other.iv) && Arrays.equals(ciphertext, other.ciphertext)
                && Arrays.equals(ephemeralKey, other.ephemeralKey)
                && Arrays.equals(signature, other.signature) && Arrays.equals(mac, other.mac);
    }
}
