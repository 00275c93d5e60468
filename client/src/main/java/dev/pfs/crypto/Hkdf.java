package dev.pfs.crypto;

/** HKDF with SHA-256 (RFC 5869): extract with the salt, then expand with the info. */
public interface Hkdf {
    /**
     * Returns {@code length} bytes of output keying material.
     *
     * @param salt may be empty, which RFC 5869 treats as a string of zeros
     * @param length at most 255 * 32 bytes
     */
    byte[] deriveSha256(byte[] inputKeyMaterial, byte[] salt, byte[] info, int length)
            throws CryptoException;
}
