package dev.pfs.relay.connection;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void burst_thenRefillAtTheRate_neverAboveTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 3, 0);
        for (int i = 0; i < 3; i++) {
            assertTrue(bucket.tryTake(0));
        }
        assertFalse(bucket.tryTake(0));
        assertFalse(bucket.tryTake(SECOND / 10 - 1));
        assertTrue(bucket.tryTake(SECOND / 10));
        assertFalse(bucket.tryTake(SECOND / 10));

        long muchLater = 100 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertTrue(bucket.tryTake(muchLater));
        }
        assertFalse(bucket.tryTake(muchLater));
    }
}
