package dev.pfs.browser.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
    @ParameterizedTest
    @CsvSource({"0.0, 250, 500, 1000, 2000, 2000", "0.999999, 499, 999, 1999, 3999, 3999"})
    void nextDelay_doublesUpToTheCap_withinItsJitter(double random, long first, long second,
            long third, long fourth, long fifth) {
        Backoff backoff = new Backoff(500, 4000, () -> random);

        long[] delays = new long[5];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = backoff.nextDelayMillis();
        }

        assertEquals(first, delays[0]);
        assertEquals(second, delays[1]);
        assertEquals(third, delays[2]);
        assertEquals(fourth, delays[3]);
        assertEquals(fifth, delays[4]);
    }

    @Test
    void nextDelay_staysWithinHalfToFullOfTheCeiling_forAnyRandom() {
        Random random = new Random(7);
        Backoff backoff = new Backoff(500, 15000, random::nextDouble);
        long ceiling = 500;
        for (int attempt = 0; attempt < 40; attempt++) {
            long delay = backoff.nextDelayMillis();
            assertTrue(delay >= ceiling / 2 && delay <= ceiling,
                    "attempt " + attempt + ": " + delay + " outside " + ceiling / 2 + ".." + ceiling);
            ceiling = Math.min(ceiling * 2, 15000);
        }
    }

    @Test
    void reset_startsAgainFromTheInitialDelay() {
        Backoff backoff = new Backoff(500, 15000, () -> 0.0);
        backoff.nextDelayMillis();
        backoff.nextDelayMillis();
        backoff.nextDelayMillis();

        backoff.reset();

        assertEquals(250, backoff.nextDelayMillis());
    }

    @Test
    void constructor_rejectsAnInitialDelayAboveTheCap() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Backoff(2000, 1000, () -> 0.0));
        assertEquals("invalid backoff 2000..1000 ms; expected 0 < initial <= max", e.getMessage());
    }
}
