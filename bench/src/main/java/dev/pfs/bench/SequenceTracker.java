package dev.pfs.bench;

import java.util.BitSet;

/**
 * The sequence numbers one subscriber has received from one publisher: which ones, how many
 * twice, how many after a later one. Guarded by its own monitor: a subscriber's deliveries arrive
 * on one thread, but the report reads from another.
 */
final class SequenceTracker {
    private final BitSet seen = new BitSet();
    private long highest = -1;
    private long duplicates;
    private long outOfOrder;

    /** Records the arrival of {@code sequence}. */
    synchronized void record(long sequence) {
        if (sequence < 0 || sequence > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sequence " + sequence + " out of range");
        }
        int index = (int) sequence;
        if (seen.get(index)) {
            duplicates++;
            return;
        }
        seen.set(index);
        if (sequence < highest) {
            outOfOrder++;
        } else {
            highest = sequence;
        }
    }

    /** Whether {@code sequence} has arrived. */
    synchronized boolean has(long sequence) {
        return sequence >= 0 && sequence <= Integer.MAX_VALUE && seen.get((int) sequence);
    }

    /** How many distinct sequence numbers have arrived. */
    synchronized long distinct() {
        return seen.cardinality();
    }

    /** How many arrivals repeated a sequence number already seen. */
    synchronized long duplicates() {
        return duplicates;
    }

    /** How many arrivals came after a higher sequence number from the same publisher. */
    synchronized long outOfOrder() {
        return outOfOrder;
    }

    /** Calls {@code action} with every sequence number received, in order. */
    synchronized void forEachReceived(java.util.function.LongConsumer action) {
        for (int i = seen.nextSetBit(0); i >= 0; i = seen.nextSetBit(i + 1)) {
            action.accept(i);
        }
    }
}
