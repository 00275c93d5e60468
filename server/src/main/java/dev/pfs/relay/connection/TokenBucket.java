package dev.pfs.relay.connection;

/**
 * Rate limit with burst: holds up to {@code burst} tokens, refilled at {@code ratePerSecond};
 * each publish (or logged rejection) takes one. Time comes from the caller (nanoseconds,
 * monotonic) so tests need no clock. Thread-safe; only one connection's frames use a bucket, so
 * the lock is uncontended.
 */
final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1e9;

    private final double tokensPerNano;
    private final double capacity;
    private double tokens;
    private long lastRefillNanos;

    TokenBucket(int ratePerSecond, int burst, long nowNanos) {
        if (ratePerSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("rate " + ratePerSecond + " and burst " + burst
                    + "; both at least 1");
        }
        this.tokensPerNano = ratePerSecond / NANOS_PER_SECOND;
        this.capacity = burst;
        this.tokens = burst;
        this.lastRefillNanos = nowNanos;
    }

    /** Takes a token if one is left; false means the caller is over its rate. */
    synchronized boolean tryTake(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - lastRefillNanos);
        tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
        lastRefillNanos = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
