package dev.pfs.crypto;

/**
 * Our long-term RSA-PSS identity key: 2048-bit modulus (at least), SHA-256, MGF1-SHA-256, salt
 * length 32 (RFC 8017 section 8.1). The private key stays inside this handle.
 */
public interface IdentityKeyPair {
    /** The public key as a DER SubjectPublicKeyInfo. */
    byte[] publicKey();

    /** Signs the message with RSASSA-PSS; a fresh random salt makes each signature differ. */
    byte[] sign(byte[] message) throws CryptoException;
}
