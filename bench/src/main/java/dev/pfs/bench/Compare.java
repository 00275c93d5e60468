package dev.pfs.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The side-by-side benchmark: starts our relay and stock socketcluster-server (and the bare ws
 * relay), runs every scenario against each in turn, alternating which goes first, for several
 * rounds, and prints one table of medians with the ratio ours / SocketCluster.
 */
public final class Compare {
    /**
     * The benchmark's settings; {@link #defaults()} are the documented ones.
     *
     * @param relayJvmOptions extra JVM options for our relay
     * @param pin             whether to pin the relays and the load generator to cores of their
     *                        own ({@link CpuPinning}), where the machine allows it
     */
    public record Settings(int rounds, Duration warmup, Duration measure, int fanOutSubscribers,
            int pairs, double pairRate, int idleConnections, List<Integer> payloads,
            Duration payloadMeasure, boolean wsReference, List<String> relayJvmOptions,
            boolean pin) {

        public static Settings defaults() {
            return new Settings(3, Duration.ofSeconds(3), Duration.ofSeconds(10), 100, 500, 1,
                    10_000, List.of(100, 4096, 61_440), Duration.ofSeconds(5), true, List.of(),
                    true);
        }
    }

    private final Settings settings;
    private final Path root;
    private final PrintStream out;
    private final CpuPinning pinning;

    public Compare(Settings settings, Path root, PrintStream out) {
        this.settings = settings;
        this.root = root;
        this.out = out;
        this.pinning = settings.pin() ? CpuPinning.plan() : CpuPinning.none("--no-pin");
    }

    /** Runs the whole benchmark and returns the table (also printed and written to a file). */
    public String run() throws IOException, InterruptedException {
        String header = machine() + "\nPlacement: " + pinning.describe();
        pinning.pinLoadGenerator();
        out.println(header);
        List<RelayProcess> started = new ArrayList<>();
        // Stop the relays also when this run is interrupted (Ctrl-C, kill).
        Thread stopRelays = new Thread(() -> started.forEach(RelayProcess::destroy));
        Runtime.getRuntime().addShutdownHook(stopRelays);
        try {
            RelayProcess ours = start(RelayProcess.Kind.OURS, started);
            RelayProcess socketCluster = start(RelayProcess.Kind.SOCKETCLUSTER, started);
            RelayProcess ws = settings.wsReference() ? start(RelayProcess.Kind.WS, started) : null;
            Table table = new Table(settings.wsReference()
                    ? List.of(ours.name(), socketCluster.name(), ws.name())
                    : List.of(ours.name(), socketCluster.name()));
            warmUp(started);
            for (int round = 1; round <= settings.rounds(); round++) {
                List<RelayProcess> order = round % 2 == 1 ? List.of(ours, socketCluster)
                        : List.of(socketCluster, ours);
                out.printf("%n== round %d of %d (%s first) ==%n", round, settings.rounds(),
                        order.get(0).name());
                for (RelayProcess relay : order) {
                    runLoad(table, relay, fanOut(settings.payloads().get(0)));
                }
                if (round == 1 && ws != null) {
                    runLoad(table, ws, fanOut(settings.payloads().get(0)));
                }
                for (RelayProcess relay : order) {
                    runLoad(table, relay, LoadSpec.pairs(settings.pairs(), settings.pairRate(),
                            settings.warmup(), settings.measure()));
                }
                for (RelayProcess relay : order) {
                    IdleHold.Result idle = IdleHold.run(relay, settings.idleConnections());
                    out.println("  " + relay.name() + " | " + idle.summary());
                    table.add(relay.name(), idle);
                }
                for (int payload : settings.payloads()) {
                    for (RelayProcess relay : order) {
                        runLoad(table, relay, new LoadSpec("payload " + payload + " B, 1->10",
                                10, 1, 1, false, 0, 16, payload, settings.warmup(),
                                settings.payloadMeasure()));
                    }
                }
            }
            String versions = "Relays: " + ours.version() + "; " + socketCluster.version()
                    + (ws == null ? "" : "; " + ws.version());
            String report = header + "\n" + versions + "\n\n" + table.render();
            out.println();
            out.println(versions);
            out.println();
            out.println(table.render());
            Path file = root.resolve("bench/target/bench-table.md");
            Files.writeString(file, report, StandardCharsets.UTF_8);
            out.println("(also written to " + root.relativize(file) + ")");
            return report;
        } finally {
            for (RelayProcess relay : started) {
                relay.close();
            }
            Runtime.getRuntime().removeShutdownHook(stopRelays);
        }
    }

    /**
     * A short fan-out against every relay, not counted: it compiles the load generator's hot
     * path before the first measurement (else the JIT's CPU, on the load generator's core,
     * counts against whichever relay comes first), and gives every relay the same head start.
     */
    private void warmUp(List<RelayProcess> relays) throws InterruptedException {
        LoadSpec spec = LoadSpec.fanOut(settings.fanOutSubscribers(), settings.payloads().get(0),
                Duration.ofSeconds(2), Duration.ofSeconds(3));
        for (RelayProcess relay : relays) {
            LoadResult result = LoadRun.run(spec, relay);
            out.printf("  warm-up, not counted: %s %,.0f msg/s%n", relay.name(),
                    result.deliveredPerSecond());
        }
    }

    private LoadSpec fanOut(int payload) {
        return LoadSpec.fanOut(settings.fanOutSubscribers(), payload, settings.warmup(),
                settings.measure());
    }

    private RelayProcess start(RelayProcess.Kind kind, List<RelayProcess> started)
            throws IOException, InterruptedException {
        out.print("starting " + kind.label + " ... ");
        out.flush();
        long t0 = System.nanoTime();
        RelayProcess relay = RelayProcess.start(kind, root, pinning.relayPrefix(),
                settings.relayJvmOptions(), true);
        started.add(relay);
        out.printf("ready at %s (pid %d, CPUs %s) in %.1f s%n", relay.uri(),
                relay.process().pid(), relay.process().allowedCpus(),
                (System.nanoTime() - t0) / 1e9);
        return relay;
    }

    private void runLoad(Table table, RelayProcess relay, LoadSpec spec)
            throws InterruptedException {
        LoadResult result = LoadRun.run(spec, relay);
        out.println("  " + relay.name() + " | " + result.summary());
        table.add(relay.name(), result);
    }

    /** The machine and load at the start, for the report. */
    static String machine() {
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (IOException e) {
            // Only the description suffers.
        }
        return String.format("Run at %s on %s, %d cores, %.1f GiB memory; load average %.2f at"
                + " start; load generator JVM %s", Instant.now(), cpu,
                Runtime.getRuntime().availableProcessors(), totalMemoryGib(),
                ProcessProbe.loadAverage(), Runtime.version());
    }

    private static double totalMemoryGib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1048576.0;
                }
            }
        } catch (IOException e) {
            // Only the description suffers.
        }
        return Double.NaN;
    }
}
