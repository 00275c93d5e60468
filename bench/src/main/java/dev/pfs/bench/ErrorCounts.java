package dev.pfs.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Errors seen during a run, counted by kind (an error reply's name, a close code, ...). */
public final class ErrorCounts {
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Counts one error of this kind. */
    public void record(String kind) {
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** All errors so far. */
    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** The counts by kind, sorted by kind. */
    public Map<String, Long> byKind() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((kind, count) -> copy.put(kind, count.sum()));
        return copy;
    }

    @Override
    public String toString() {
        return total() == 0 ? "none" : byKind().toString();
    }
}
