package dev.pfs.crypto;

/**
 * A one-time ECDH key pair on P-256 (NIST SP 800-56A). Forward secrecy rests on
 * {@link #destroy()}: once called, the private key is gone and {@link #agree} fails.
 */
public interface EphemeralKeyPair {
    int PUBLIC_KEY_SIZE_IN_BYTES = 65;
    int SHARED_SECRET_SIZE_IN_BYTES = 32;

    /** The public point, uncompressed (0x04 || x || y), 65 bytes. */
    byte[] publicKey();

    /**
     * Returns the x coordinate of the shared point. Fails when their key is not a valid point on
     * P-256.
     *
     * @throws IllegalStateException after {@link #destroy()}
     */
    byte[] agree(byte[] theirPublicKey) throws CryptoException;

    /** Forgets the private key. Idempotent. */
    void destroy();

    boolean isDestroyed();
}
