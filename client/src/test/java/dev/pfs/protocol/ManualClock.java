package dev.pfs.protocol;

/** A clock that moves only when the test says so. */
final class ManualClock implements Clock {
    private long now = 1_750_000_000_000L;

    @Override
    public long nowMillis() {
        return now;
    }

    void advance(long millis) {
        now += millis;
    }
}
