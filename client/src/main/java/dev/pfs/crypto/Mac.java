package dev.pfs.crypto;

/** HMAC-SHA256 (RFC 2104). Compare tags with {@code ConstantTime.equals}, never {@code equals}. */
public interface Mac {
    int TAG_SIZE_IN_BYTES = 32;

    byte[] hmacSha256(byte[] key, byte[] data) throws CryptoException;
}
