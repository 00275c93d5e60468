package dev.pfs.browser.relay;

import java.util.function.DoubleSupplier;

/**
 * Delays between reconnect attempts: exponential, capped, with "equal jitter" (half the delay
 * fixed, half random) so that many devices dropped by one relay restart do not all come back in
 * the same instant.
 */
public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private int failures;

    /**
     * @param random uniform values in [0, 1); jitter needs no cryptographic randomness
     */
    public Backoff(long initialMillis, long maxMillis, DoubleSupplier random) {
        if (initialMillis <= 0 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("invalid backoff " + initialMillis + ".."
                    + maxMillis + " ms; expected 0 < initial <= max");
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one more failed attempt. */
    public long nextDelayMillis() {
        long ceiling = initialMillis << Math.min(failures, 20);
        ceiling = Math.min(ceiling, maxMillis);
        failures++;
        long half = ceiling / 2;
        return half + (long) (random.getAsDouble() * (ceiling - half));
    }

    /** Called after a successful connect: the next failure starts from the initial delay. */
    public void reset() {
        failures = 0;
    }
}
