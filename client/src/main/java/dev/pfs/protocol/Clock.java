package dev.pfs.protocol;

/** The current time, injected so that tests can move it (timeouts, session key expiry). */
public interface Clock {
    /** Milliseconds since 1970-01-01T00:00:00Z. */
    long nowMillis();
}
