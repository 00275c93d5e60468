package dev.pfs.protocol;

import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.Digest;
import dev.pfs.protocol.wire.Base64Url;

/**
 * Names derived from an identity key (DER SubjectPublicKeyInfo): the fingerprint a person
 * compares and the device channel peers publish to.
 */
public final class Fingerprints {
    /** Device channel names are this prefix and 22 base64url characters. */
    public static final String DEVICE_CHANNEL_PREFIX = "pfs-dev-";

    private Fingerprints() {
    }

    /** SHA-256 of the identity key, 64 lower-case hex digits. */
    public static String of(Digest digest, byte[] identityKey) throws CryptoException {
        return Bytes.hex(digest.sha256(identityKey));
    }

    /**
     * The device channel: {@code pfs-dev-} and the base64url first 16 bytes of
     * SHA-256("pfs1 device channel" || 0x00 || identity key).
     */
    public static String deviceChannel(Digest digest, byte[] identityKey)
            throws CryptoException {
        byte[] hash = digest.sha256(Bytes.concat(Bytes.label("pfs1 device channel"),
                identityKey));
        return DEVICE_CHANNEL_PREFIX + Base64Url.encode(Bytes.slice(hash, 0, 16));
    }

    /** A fingerprint for people: groups of four hex digits, e.g. {@code 3fa0 91c2 ...}. */
    public static String grouped(String fingerprint) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < fingerprint.length(); i += 4) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(fingerprint, i, Math.min(i + 4, fingerprint.length()));
        }
        return text.toString();
    }
}
