package dev.pfs.bench;

import java.util.List;

/**
 * Scenario 3: as many idle, handshaken connections as the relay accepts, up to a limit, and what
 * each costs it in RSS and in live heap.
 */
public final class IdleHold {
    /**
     * What holding the connections cost.
     *
     * @param attempted      connections tried
     * @param held           connections open and handshaken at the measurement
     * @param rssDelta       relay RSS with the connections minus before them, bytes
     * @param heapDelta      relay live heap with the connections minus before them; -1 unknown
     * @param peakRssBytes   relay peak RSS during the run; -1 if unknown
     * @param openSeconds    time to open and handshake them all
     * @param loadCpuSeconds this load generator's CPU time while opening them
     */
    public record Result(String name, int attempted, int held, long rssDelta, long heapDelta,
            long peakRssBytes, double openSeconds, double loadCpuSeconds, ErrorCounts errors) {

        /** Relay RSS per held connection, bytes. */
        public double rssPerConnection() {
            return held == 0 ? Double.NaN : (double) rssDelta / held;
        }

        /** Relay live heap per held connection, bytes; NaN when unknown. */
        public double heapPerConnection() {
            return held == 0 || heapDelta == Long.MIN_VALUE ? Double.NaN
                    : (double) heapDelta / held;
        }

        /** One line for progress output. */
        public String summary() {
            return String.format("%s: held %,d of %,d in %.1f s, RSS/conn %.1f KiB, "
                    + "heap/conn %.1f KiB, peak RSS %s, load CPU %.1f s, errors %s", name, held,
                    attempted, openSeconds, rssPerConnection() / 1024,
                    heapPerConnection() / 1024, LoadResult.mib(peakRssBytes), loadCpuSeconds,
                    errors);
        }
    }

    private IdleHold() {
    }

    /** Opens up to {@code connections} idle connections to {@code target} and measures. */
    public static Result run(Target target, int connections) throws InterruptedException {
        ProcessProbe relay = target.process();
        ProcessProbe self = ProcessProbe.self();
        ErrorCounts errors = new ErrorCounts();
        long heapBefore = target.liveHeapBytes();
        long rssBefore = relay == null ? 0 : relay.rssBytes();
        if (relay != null) {
            relay.resetPeak();
        }
        try (Fleet fleet = new Fleet(target.uri(), errors)) {
            long cpu0 = self.cpuMillis();
            long start = System.nanoTime();
            List<ScConnection> held = fleet.open(0, connections, (c, frame, at) ->
                    errors.record("delivery to an idle connection"));
            double openSeconds = (System.nanoTime() - start) / 1e9;
            double loadCpu = (self.cpuMillis() - cpu0) / 1000.0;
            long heapAfter = target.liveHeapBytes();
            long stillOpen = held.stream().filter(c -> !c.closed().isDone()).count();
            long rssAfter = relay == null ? 0 : relay.rssBytes();
            long peak = relay == null ? -1 : relay.peakRssBytes();
            long heapDelta = heapBefore < 0 || heapAfter < 0 ? Long.MIN_VALUE
                    : heapAfter - heapBefore;
            return new Result("idle hold", connections, (int) stillOpen, rssAfter - rssBefore,
                    heapDelta, peak, openSeconds, loadCpu, errors);
        }
    }
}
