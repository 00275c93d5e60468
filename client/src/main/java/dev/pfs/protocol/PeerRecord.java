package dev.pfs.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * A paired peer as the device store keeps it: who the peer is (name, identity key, fingerprint,
 * device channel) and the current session key with its counters. Immutable; the {@code with}
 * methods return changed copies. Holds a secret (the session key): never log it.
 */
public final class PeerRecord {
    private final String name;
    private final byte[] identityKey;
    private final String fingerprint;
    private final String deviceChannel;
    private final byte[] sessionKey;
    private final String sessionKeyId;
    private final long sessionKeyExpiresAtMillis;
    private final long nextSendCounter;
    private final long lastReceivedCounter;

    /**
     * @param identityKey their identity public key, DER SubjectPublicKeyInfo
     * @param fingerprint {@link Fingerprints#of} their identity key
     * @param sessionKey 16 bytes, AES-128-GCM
     * @param sessionKeyId public name of the session key, the same on both devices
     * @param nextSendCounter the counter our next message to the peer carries, from 1
     * @param lastReceivedCounter the highest counter received from the peer, 0 for none
     */
    public PeerRecord(String name, byte[] identityKey, String fingerprint, String deviceChannel,
            byte[] sessionKey, String sessionKeyId, long sessionKeyExpiresAtMillis,
            long nextSendCounter, long lastReceivedCounter) {
        this.name = Objects.requireNonNull(name, "name");
        this.identityKey = Objects.requireNonNull(identityKey, "identityKey").clone();
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.deviceChannel = Objects.requireNonNull(deviceChannel, "deviceChannel");
        this.sessionKey = Objects.requireNonNull(sessionKey, "sessionKey").clone();
        this.sessionKeyId = Objects.requireNonNull(sessionKeyId, "sessionKeyId");
        this.sessionKeyExpiresAtMillis = sessionKeyExpiresAtMillis;
        if (nextSendCounter < 1 || lastReceivedCounter < 0) {
            throw new IllegalArgumentException("counters: next send " + nextSendCounter
                    + ", last received " + lastReceivedCounter + "; expected >= 1 and >= 0");
        }
        this.nextSendCounter = nextSendCounter;
        this.lastReceivedCounter = lastReceivedCounter;
    }

    public String name() {
        return name;
    }

    public byte[] identityKey() {
        return identityKey.clone();
    }

    public String fingerprint() {
        return fingerprint;
    }

    public String deviceChannel() {
        return deviceChannel;
    }

    public byte[] sessionKey() {
        return sessionKey.clone();
    }

    public String sessionKeyId() {
        return sessionKeyId;
    }

    public long sessionKeyExpiresAtMillis() {
        return sessionKeyExpiresAtMillis;
    }

    public long nextSendCounter() {
        return nextSendCounter;
    }

    public long lastReceivedCounter() {
        return lastReceivedCounter;
    }

    /** A copy with a new session key; both counters start again. */
    public PeerRecord withSessionKey(byte[] key, String keyId, long expiresAtMillis) {
        return new PeerRecord(name, identityKey, fingerprint, deviceChannel, key, keyId,
                expiresAtMillis, 1, 0);
    }

    public PeerRecord withNextSendCounter(long counter) {
        return new PeerRecord(name, identityKey, fingerprint, deviceChannel, sessionKey,
                sessionKeyId, sessionKeyExpiresAtMillis, counter, lastReceivedCounter);
    }

    public PeerRecord withLastReceivedCounter(long counter) {
        return new PeerRecord(name, identityKey, fingerprint, deviceChannel, sessionKey,
                sessionKeyId, sessionKeyExpiresAtMillis, nextSendCounter, counter);
    }

    /** The public part, for a user interface. */
    public PeerInfo info() {
        return new PeerInfo(name, fingerprint, deviceChannel, sessionKeyId,
                sessionKeyExpiresAtMillis);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof PeerRecord)) {
            return false;
        }
        PeerRecord that = (PeerRecord) other;
        return name.equals(that.name) && Arrays.equals(identityKey, that.identityKey)
                && fingerprint.equals(that.fingerprint) && deviceChannel.equals(that.deviceChannel)
                && Arrays.equals(sessionKey, that.sessionKey)
                && sessionKeyId.equals(that.sessionKeyId)
                && sessionKeyExpiresAtMillis == that.sessionKeyExpiresAtMillis
                && nextSendCounter == that.nextSendCounter
                && lastReceivedCounter == that.lastReceivedCounter;
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    /** Names the peer; never shows the session key. */
    @Override
    public String toString() {
        return "PeerRecord[" + name + ", " + fingerprint + ", key " + sessionKeyId + "]";
    }
}
