package dev.pfs.protocol;

/**
 * The device store could not be read or written. A failed write leaves the stored identity and
 * peers as they were before it.
 */
public final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
