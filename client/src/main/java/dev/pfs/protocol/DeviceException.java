package dev.pfs.protocol;

/**
 * A request to the device cannot be carried out now: no such peer, no valid session key, a
 * pairing already running. Nothing changed.
 */
public final class DeviceException extends Exception {
    private static final long serialVersionUID = 1L;

    public DeviceException(String message) {
        super(message);
    }

    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
