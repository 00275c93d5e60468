package dev.pfs.protocol.wire;

/**
 * A message from outside (the relay, a peer) could not be parsed: not JSON, not a flat object,
 * a field missing or of the wrong type or length. The message says which.
 */
public final class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
