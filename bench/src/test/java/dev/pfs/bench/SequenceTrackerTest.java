package dev.pfs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SequenceTrackerTest {
    @Test
    void record_countsDuplicatesAndLateArrivalsSeparately() {
        SequenceTracker tracker = new SequenceTracker();
        for (long sequence : new long[] {0, 1, 3, 2, 3, 4, 0}) {
            tracker.record(sequence);
        }

        assertEquals(5, tracker.distinct());
        assertEquals(2, tracker.duplicates()); // the second 3 and the second 0
        assertEquals(1, tracker.outOfOrder()); // 2 after 3
    }
}
