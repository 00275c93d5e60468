package dev.pfs.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A device's settings; build with {@link #builder()}, every setting has a default. */
public final class DeviceConfig {
    public static final String DEFAULT_INVITATION_BASE_URL = "http://127.0.0.1:8080/demo/pfs.html";
    public static final long DEFAULT_PAIRING_TIMEOUT_MILLIS = 2 * 60 * 1000L;
    public static final long DEFAULT_INVITATION_TIMEOUT_MILLIS = 10 * 60 * 1000L;
    public static final long DEFAULT_SESSION_KEY_LIFETIME_MILLIS = 24 * 60 * 60 * 1000L;
    /** Device names are cut to at most this many UTF-8 bytes. */
    public static final int MAX_NAME_SIZE_IN_BYTES = 64;

    private final String deviceName;
    private final String invitationBaseUrl;
    private final long pairingTimeoutMillis;
    private final long invitationTimeoutMillis;
    private final long sessionKeyLifetimeMillis;

    private DeviceConfig(Builder builder) {
        this.deviceName = builder.deviceName;
        this.invitationBaseUrl = builder.invitationBaseUrl;
        this.pairingTimeoutMillis = builder.pairingTimeoutMillis;
        this.invitationTimeoutMillis = builder.invitationTimeoutMillis;
        this.sessionKeyLifetimeMillis = builder.sessionKeyLifetimeMillis;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The name we tell peers; they show it as a claim beside our fingerprint. */
    public String deviceName() {
        return deviceName;
    }

    /** The page the invitation link points to; the invitation itself is in the fragment. */
    public String invitationBaseUrl() {
        return invitationBaseUrl;
    }

    /** How long a pairing or re-key waits for the peer's next message before it aborts. */
    public long pairingTimeoutMillis() {
        return pairingTimeoutMillis;
    }

    /** How long an inviter waits for a joiner to appear. */
    public long invitationTimeoutMillis() {
        return invitationTimeoutMillis;
    }

    /** How long a session key is used before the device re-keys. */
    public long sessionKeyLifetimeMillis() {
        return sessionKeyLifetimeMillis;
    }

    /** Validates each setting as it is given. */
    public static final class Builder {
        private String deviceName = "device";
        private String invitationBaseUrl = DEFAULT_INVITATION_BASE_URL;
        private long pairingTimeoutMillis = DEFAULT_PAIRING_TIMEOUT_MILLIS;
        private long invitationTimeoutMillis = DEFAULT_INVITATION_TIMEOUT_MILLIS;
        private long sessionKeyLifetimeMillis = DEFAULT_SESSION_KEY_LIFETIME_MILLIS;

        private Builder() {
        }

        public Builder deviceName(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("device name is blank");
            }
            if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_SIZE_IN_BYTES) {
                throw new IllegalArgumentException("device name of "
                        + name.getBytes(StandardCharsets.UTF_8).length + " bytes; at most "
                        + MAX_NAME_SIZE_IN_BYTES);
            }
            this.deviceName = name;
            return this;
        }

        public Builder invitationBaseUrl(String url) {
            Objects.requireNonNull(url, "url");
            if (url.indexOf('#') >= 0 || url.isEmpty()) {
                throw new IllegalArgumentException("invitation base URL must be non-empty and"
                        + " have no fragment");
            }
            this.invitationBaseUrl = url;
            return this;
        }

        public Builder pairingTimeoutMillis(long millis) {
            this.pairingTimeoutMillis = positive(millis, "pairing timeout");
            return this;
        }

        public Builder invitationTimeoutMillis(long millis) {
            this.invitationTimeoutMillis = positive(millis, "invitation timeout");
            return this;
        }

        public Builder sessionKeyLifetimeMillis(long millis) {
            this.sessionKeyLifetimeMillis = positive(millis, "session key lifetime");
            return this;
        }

        public DeviceConfig build() {
            return new DeviceConfig(this);
        }

        private static long positive(long millis, String what) {
            if (millis <= 0) {
                throw new IllegalArgumentException(what + " of " + millis
                        + " ms; expected more than 0");
            }
            return millis;
        }
    }
}
