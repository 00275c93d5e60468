package dev.pfs.bench;

/** The relay answered a request with {@code {rid, error: {name, message}}}. */
public final class RelayErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String name;

    RelayErrorException(String name, String message) {
        super(name + ": " + message);
        this.name = name;
    }

    /** The error's name as the relay sent it. */
    public String name() {
        return name;
    }
}
