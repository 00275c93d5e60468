package dev.pfs.protocol;

/** An invitation link could not be parsed; the message says what is wrong with it. */
public final class InvalidInvitationException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidInvitationException(String message) {
        super(message);
    }
}
