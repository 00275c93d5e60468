package dev.pfs.crypto;

/** SHA-256 (FIPS 180-4). */
public interface Digest {
    int SHA256_SIZE_IN_BYTES = 32;

    byte[] sha256(byte[] data) throws CryptoException;
}
