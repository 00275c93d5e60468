package dev.pfs.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The side-by-side table: per scenario and metric, the median over rounds for each relay, and
 * the ratio ours / SocketCluster. Counts of faults (lost, errors) are summed over rounds instead,
 * and words (who set the pace) are listed with how many rounds said each.
 */
final class Table {
    /** How a metric's values from several rounds become one. */
    enum Fold { MEDIAN, SUM, WORDS }

    private record Row(String scenario, String metric, Fold fold) {
    }

    private final List<String> relays;
    private final Map<Row, Map<String, List<Object>>> values = new LinkedHashMap<>();

    Table(List<String> relays) {
        this.relays = relays;
    }

    void add(String scenario, String metric, Fold fold, String relay, double value) {
        put(new Row(scenario, metric, fold), relay, value);
    }

    void add(String scenario, String metric, String relay, String words) {
        put(new Row(scenario, metric, Fold.WORDS), relay, words);
    }

    private void put(Row row, String relay, Object value) {
        values.computeIfAbsent(row, r -> new LinkedHashMap<>())
                .computeIfAbsent(relay, r -> new ArrayList<>()).add(value);
    }

    void add(String relay, LoadResult result) {
        String s = result.name();
        add(s, "delivered msg/s", Fold.MEDIAN, relay, result.deliveredPerSecond());
        add(s, "latency p50 ms", Fold.MEDIAN, relay, result.latencyMillis(50));
        add(s, "latency p99 ms", Fold.MEDIAN, relay, result.latencyMillis(99));
        add(s, "latency p99.9 ms", Fold.MEDIAN, relay, result.latencyMillis(99.9));
        add(s, "latency max ms", Fold.MEDIAN, relay, result.maxLatencyMillis());
        LoadResult.Cpu cpu = result.cpu();
        add(s, "relay CPU % of a core", Fold.MEDIAN, relay, cpu.relayPercent());
        add(s, "relay CPU us/delivery", Fold.MEDIAN, relay,
                cpuMicrosPerDelivery(cpu.relayPercent(), result.deliveredPerSecond()));
        add(s, "relay peak RSS MiB", Fold.MEDIAN, relay, result.relayPeakRssBytes() / 1048576.0);
        add(s, "lost+dup+ooo (sum)", Fold.SUM, relay,
                result.lost() + result.duplicated() + result.outOfOrder());
        add(s, "errors (sum)", Fold.SUM, relay, result.errors().total());
        add(s, "load gen CPU % of a core", Fold.MEDIAN, relay, cpu.loadPercent());
        add(s, "load gen CPU us/delivery", Fold.MEDIAN, relay,
                cpuMicrosPerDelivery(cpu.loadPercent(), result.deliveredPerSecond()));
        if (cpu.pinned()) {
            add(s, "relay's core busy %", Fold.MEDIAN, relay, cpu.relayCorePercent());
            add(s, "load gen's core busy %", Fold.MEDIAN, relay, cpu.loadCorePercent());
        }
        if (result.paceSetBy() != null) {
            add(s, "pace set by", relay, result.paceSetBy());
        }
    }

    void add(String relay, IdleHold.Result result) {
        String s = result.name();
        add(s, "connections held", Fold.MEDIAN, relay, result.held());
        add(s, "relay RSS KiB/conn", Fold.MEDIAN, relay, result.rssPerConnection() / 1024);
        add(s, "relay heap KiB/conn", Fold.MEDIAN, relay, result.heapPerConnection() / 1024);
        add(s, "relay peak RSS MiB", Fold.MEDIAN, relay, result.peakRssBytes() / 1048576.0);
        add(s, "open+handshake s", Fold.MEDIAN, relay, result.openSeconds());
        add(s, "errors (sum)", Fold.SUM, relay, result.errors().total());
    }

    private static double cpuMicrosPerDelivery(double cpuPercent, double perSecond) {
        return cpuPercent < 0 || perSecond <= 0 ? Double.NaN : cpuPercent * 1e4 / perSecond;
    }

    /** A Markdown table; the ratio column divides the first relay's figure by the second's. */
    String render() {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | metric |");
        relays.forEach(r -> out.append(' ').append(r).append(" |"));
        out.append(' ').append(relays.get(0)).append('/').append(relays.get(1)).append(" |\n");
        out.append("|---|---|").append("---:|".repeat(relays.size() + 1)).append('\n');
        String previous = "";
        for (Map.Entry<Row, Map<String, List<Object>>> entry : values.entrySet()) {
            Row row = entry.getKey();
            out.append("| ").append(row.scenario().equals(previous) ? "" : row.scenario())
                    .append(" | ").append(row.metric()).append(" |");
            previous = row.scenario();
            double[] folded = new double[relays.size()];
            for (int i = 0; i < relays.size(); i++) {
                List<Object> list = entry.getValue().get(relays.get(i));
                String cell = "";
                folded[i] = Double.NaN;
                if (list != null && row.fold() == Fold.WORDS) {
                    cell = words(list);
                } else if (list != null) {
                    folded[i] = fold(list.stream().map(Double.class::cast).toList(), row.fold());
                    cell = format(folded[i]);
                }
                out.append(' ').append(cell).append(" |");
            }
            double ratio = folded[0] / folded[1];
            out.append(' ').append(Double.isFinite(ratio) ? String.format("%.2f", ratio) : "")
                    .append(" |\n");
        }
        return out.toString();
    }

    /** The rounds' words: one if all agree, else each with a count ("relay 2/3; load gen 1/3"). */
    static String words(List<Object> list) {
        Map<Object, Long> counts = new LinkedHashMap<>();
        list.forEach(w -> counts.merge(w, 1L, Long::sum));
        if (counts.size() == 1) {
            return list.get(0).toString();
        }
        StringBuilder cell = new StringBuilder();
        counts.forEach((w, n) -> cell.append(cell.length() == 0 ? "" : "; ").append(w)
                .append(' ').append(n).append('/').append(list.size()));
        return cell.toString();
    }

    private static double fold(List<Double> list, Fold fold) {
        if (fold == Fold.SUM) {
            return list.stream().mapToDouble(Double::doubleValue).sum();
        }
        List<Double> sorted = new ArrayList<>(list);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1000) {
            return String.format("%,.0f", value);
        }
        if (magnitude >= 10 || value == Math.rint(value)) {
            return String.format("%.0f", value);
        }
        return String.format("%.2f", value);
    }
}
