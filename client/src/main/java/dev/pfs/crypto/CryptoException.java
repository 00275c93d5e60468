package dev.pfs.crypto;

/**
 * A cryptographic operation failed on its input: a tag or signature did not verify, a key or point
 * was malformed. Messages never contain key bytes or plaintext.
 */
public final class CryptoException extends Exception {
    private static final long serialVersionUID = 1L;

    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
