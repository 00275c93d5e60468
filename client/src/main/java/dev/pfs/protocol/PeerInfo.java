package dev.pfs.protocol;

import java.util.Objects;

/** A paired peer as a user interface shows it: nothing secret. */
public final class PeerInfo {
    private final String name;
    private final String fingerprint;
    private final String deviceChannel;
    private final String sessionKeyId;
    private final long sessionKeyExpiresAtMillis;

    public PeerInfo(String name, String fingerprint, String deviceChannel, String sessionKeyId,
            long sessionKeyExpiresAtMillis) {
        this.name = Objects.requireNonNull(name, "name");
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.deviceChannel = Objects.requireNonNull(deviceChannel, "deviceChannel");
        this.sessionKeyId = Objects.requireNonNull(sessionKeyId, "sessionKeyId");
        this.sessionKeyExpiresAtMillis = sessionKeyExpiresAtMillis;
    }

    /** The name the peer gave itself; chosen by the peer, so shown as a claim only. */
    public String name() {
        return name;
    }

    /** {@link Fingerprints#of} their identity key: what a person compares. */
    public String fingerprint() {
        return fingerprint;
    }

    public String deviceChannel() {
        return deviceChannel;
    }

    /**
     * Public name of the current session key (16 hex digits), equal on both devices; it changes
     * with each re-key.
     */
    public String sessionKeyId() {
        return sessionKeyId;
    }

    public long sessionKeyExpiresAtMillis() {
        return sessionKeyExpiresAtMillis;
    }

    @Override
    public String toString() {
        return "PeerInfo[" + name + ", " + fingerprint + ", key " + sessionKeyId + "]";
    }
}
