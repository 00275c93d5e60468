package dev.pfs.bench;

import org.HdrHistogram.Histogram;

/**
 * What one load run measured. Rates, latency and CPU cover the measurement window only; loss,
 * duplicates and order cover every message of the run.
 *
 * @param deliveredPerSecond deliveries received per second in the window
 * @param latencyMicros      delivery latency of the deliveries received in the window
 * @param published          publishes sent over the whole run
 * @param expected           deliveries owed over the whole run (each publish times the number of
 *                           subscribers of its channel)
 * @param lost               owed deliveries that never arrived
 * @param duplicated         deliveries of a message a subscriber already had
 * @param outOfOrder         deliveries after a later message of the same publisher
 * @param errors             error replies, unexpected closes, failed connects
 * @param maxRate            whether the publishers went as fast as the relay delivered
 * @param cpu                CPU use in the window
 * @param relayPeakRssBytes  relay peak RSS during the run; -1 if unknown
 * @param loadAverage        the machine's 1-minute load average at the end of the window
 */
public record LoadResult(String name, double deliveredPerSecond, Histogram latencyMicros,
        long published, long expected, long lost, long duplicated, long outOfOrder,
        ErrorCounts errors, boolean maxRate, Cpu cpu, long relayPeakRssBytes,
        double loadAverage) {

    /** From this share of its core on, a process counts as seen saturated. */
    static final double SATURATED_PERCENT = 80;

    /**
     * CPU in the window, each in percent of one core.
     *
     * @param relayPercent        the relay process; -1 if unknown
     * @param loadPercent         this load generator
     * @param relayCorePercent    everything on the relay's core, when relay and load generator
     *                            are pinned to cores of their own; NaN otherwise
     * @param relaySoftirqPercent the relay's core in software interrupts (mostly loopback
     *                            delivery of what the relay sends; see
     *                            {@link ProcessProbe#coreSoftirqMillis}); NaN likewise
     * @param loadCorePercent     everything on the load generator's core; NaN likewise
     * @param loadSoftirqPercent  the load generator's core in software interrupts; NaN likewise
     * @param machinePercent      the whole machine (up to 100 per core)
     */
    public record Cpu(double relayPercent, double loadPercent, double relayCorePercent,
            double relaySoftirqPercent, double loadCorePercent, double loadSoftirqPercent,
            double machinePercent) {

        /** Whether relay and load generator ran pinned, each on a core of its own. */
        public boolean pinned() {
            return !Double.isNaN(relayCorePercent);
        }
    }

    /** Latency at {@code percentile} (0-100), in milliseconds. */
    public double latencyMillis(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN
                : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Highest latency, in milliseconds. */
    public double maxLatencyMillis() {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN
                : latencyMicros.getMaxValue() / 1000.0;
    }

    /**
     * Which process set the pace of a maximum-rate run, relay and load generator each pinned to
     * a core of its own: the one that used more CPU. Both handled the same deliveries, so that is
     * also the one that spends more CPU per delivery, and on free cores it would run out first.
     * Plain "relay" or "load gen" when that one also had at least {@value #SATURATED_PERCENT} %
     * of its core, i.e. was seen saturated; "..., by cost" when it had less because other load
     * on the machine took the rest: then the verdict rests on CPU per delivery alone. Null for
     * fixed-rate runs and unpinned ones.
     */
    public String paceSetBy() {
        if (!maxRate || !cpu.pinned() || cpu.relayPercent() < 0) {
            return null;
        }
        boolean relay = cpu.relayPercent() >= cpu.loadPercent();
        double share = Math.max(cpu.relayPercent(), cpu.loadPercent());
        return (relay ? "relay" : "load gen") + (share >= SATURATED_PERCENT ? "" : ", by cost");
    }

    /** One line for progress output. */
    public String summary() {
        String cores = cpu.pinned() ? String.format(" (its core %.0f%%, softirq %.0f%%)",
                cpu.relayCorePercent(), cpu.relaySoftirqPercent()) : "";
        String loadCore = cpu.pinned() ? String.format(" (its core %.0f%%, softirq %.0f%%)",
                cpu.loadCorePercent(), cpu.loadSoftirqPercent()) : "";
        String pace = paceSetBy() == null ? "" : ", pace set by " + paceSetBy();
        return String.format("%s: %,.0f msg/s, p50 %.2f p99 %.2f p99.9 %.2f max %.2f ms, "
                + "published %,d, lost %d, dup %d, ooo %d, errors %s, relay CPU %.0f%%%s, "
                + "relay peak RSS %s, load CPU %.0f%%%s, machine CPU %.0f%%, load avg %.2f%s",
                name, deliveredPerSecond, latencyMillis(50), latencyMillis(99),
                latencyMillis(99.9), maxLatencyMillis(), published, lost, duplicated, outOfOrder,
                errors, cpu.relayPercent(), cores, mib(relayPeakRssBytes), cpu.loadPercent(),
                loadCore, cpu.machinePercent(), loadAverage, pace);
    }

    static String mib(long bytes) {
        return bytes < 0 ? "?" : String.format("%.1f MiB", bytes / 1048576.0);
    }
}
