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
 * @param relayCpuPercent    relay process CPU in the window, percent of one core; -1 if unknown
 * @param relayPeakRssBytes  relay peak RSS during the run; -1 if unknown
 * @param loadCpuPercent     this load generator's CPU in the window, percent of one core
 * @param machineCpuPercent  the whole machine's busy CPU in the window, percent of one core
 * @param loadAverage        the machine's 1-minute load average at the end of the window
 */
public record LoadResult(String name, double deliveredPerSecond, Histogram latencyMicros,
        long published, long expected, long lost, long duplicated, long outOfOrder,
        ErrorCounts errors, double relayCpuPercent, long relayPeakRssBytes, double loadCpuPercent,
        double machineCpuPercent, double loadAverage) {

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

    /** One line for progress output. */
    public String summary() {
        return String.format("%s: %,.0f msg/s, p50 %.2f p99 %.2f p99.9 %.2f max %.2f ms, "
                + "published %,d, lost %d, dup %d, ooo %d, errors %s, relay CPU %.0f%%, "
                + "relay peak RSS %s, load CPU %.0f%%, machine CPU %.0f%%, load avg %.2f", name,
                deliveredPerSecond, latencyMillis(50), latencyMillis(99), latencyMillis(99.9),
                maxLatencyMillis(), published, lost, duplicated, outOfOrder, errors,
                relayCpuPercent, mib(relayPeakRssBytes), loadCpuPercent, machineCpuPercent,
                loadAverage);
    }

    static String mib(long bytes) {
        return bytes < 0 ? "?" : String.format("%.1f MiB", bytes / 1048576.0);
    }
}
