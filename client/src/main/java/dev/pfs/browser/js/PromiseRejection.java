package dev.pfs.browser.js;

/**
 * A JavaScript promise was rejected. Keeps the rejection's {@code name} (for a DOMException:
 * "OperationError", "DataError", "QuotaExceededError", ...) so callers can tell the outcomes apart.
 */
public final class PromiseRejection extends Exception {
    private static final long serialVersionUID = 1L;

    private final String name;

    public PromiseRejection(String name, String message) {
        super(name + ": " + message);
        this.name = name;
    }

    /** The rejection's {@code name}, or "Error" when it had none. */
    public String name() {
        return name;
    }
}
