package dev.pfs.crypto;

/**
 * AES-128-GCM (NIST SP 800-38D) with a 96-bit IV and a 128-bit tag, as an AEAD in the sense of
 * RFC 5116. The caller supplies the IV and must never repeat an (key, IV) pair.
 */
public interface Aead {
    int KEY_SIZE_IN_BYTES = 16;
    int IV_SIZE_IN_BYTES = 12;
    int TAG_SIZE_IN_BYTES = 16;

    /** Returns the ciphertext followed by the tag. */
    byte[] seal(byte[] key, byte[] iv, byte[] plaintext, byte[] associatedData)
            throws CryptoException;

    /**
     * Returns the plaintext, or fails when the tag does not authenticate the ciphertext, IV and
     * associated data under the key. Every authentication failure reads the same.
     */
    byte[] open(byte[] key, byte[] iv, byte[] ciphertextAndTag, byte[] associatedData)
            throws CryptoException;
}
