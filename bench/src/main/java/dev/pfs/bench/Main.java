package dev.pfs.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line: {@code compare} (the side-by-side benchmark), {@code load} and {@code idle}
 * (one scenario against any URL), {@code soak} (against our relay or any URL). {@code bench/run}
 * is the documented way in.
 */
public final class Main {
    private static final String USAGE = String.join("\n",
            "usage: pfs-bench compare [--rounds N] [--seconds S] [--warmup S]",
            "                         [--payload-seconds S]",
            "                         [--subscribers N] [--pairs N] [--pair-rate R] [--idle N]",
            "                         [--no-ws] [--no-pin] [--relay-opt JVM-OPTION]...",
            "       pfs-bench load --url WS-URL [--pid PID] [--subscribers N] [--channels C]",
            "                      [--publishers P] [--devices] [--rate R (0 = max)] [--window W]",
            "                      [--payload BYTES] [--warmup S] [--seconds S]",
            "       pfs-bench idle --url WS-URL [--pid PID] [--connections N]",
            "       pfs-bench soak [--url WS-URL [--pid PID]] [--minutes M | --seconds S]",
            "                      [--connections N] [--channels C] [--relay-opt JVM-OPTION]...",
            "Without --url, compare and soak start server/target/pfs-relay.jar themselves.",
            "compare pins each relay to the first CPU (taskset -c) and itself to the second,",
            "unless --no-pin or the machine has one CPU or no taskset.");
    private static final Set<String> FLAGS = Set.of("--devices", "--no-ws", "--no-pin");

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println(USAGE);
            System.exit(2);
        }
        Map<String, List<String>> options = parse(args);
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        int status = switch (args[0]) {
            case "compare" -> compare(options, root);
            case "load" -> load(options);
            case "idle" -> idle(options);
            case "soak" -> soak(options, root);
            case "help" -> {
                System.out.println(USAGE);
                yield 0;
            }
            default -> {
                System.err.println("unknown command " + args[0] + "\n" + USAGE);
                yield 2;
            }
        };
        System.exit(status);
    }

    private static int compare(Map<String, List<String>> o, Path root)
            throws IOException, InterruptedException {
        Compare.Settings d = Compare.Settings.defaults();
        Compare.Settings settings = new Compare.Settings(integer(o, "--rounds", d.rounds()),
                seconds(o, "--warmup", d.warmup()), seconds(o, "--seconds", d.measure()),
                integer(o, "--subscribers", d.fanOutSubscribers()),
                integer(o, "--pairs", d.pairs()), number(o, "--pair-rate", d.pairRate()),
                integer(o, "--idle", d.idleConnections()), d.payloads(),
                seconds(o, "--payload-seconds", d.payloadMeasure()), !o.containsKey("--no-ws"),
                o.getOrDefault("--relay-opt", List.of()), !o.containsKey("--no-pin"));
        new Compare(settings, root, System.out).run();
        return 0;
    }

    private static int load(Map<String, List<String>> o) throws InterruptedException {
        LoadSpec spec = new LoadSpec("load", integer(o, "--subscribers", 100),
                integer(o, "--channels", 1), integer(o, "--publishers", 1),
                o.containsKey("--devices"), number(o, "--rate", 0), integer(o, "--window", 32),
                integer(o, "--payload", 100), seconds(o, "--warmup", Duration.ofSeconds(3)),
                seconds(o, "--seconds", Duration.ofSeconds(10)));
        LoadResult result = LoadRun.run(spec, target(o));
        System.out.println(result.summary());
        return 0;
    }

    private static int idle(Map<String, List<String>> o) throws InterruptedException {
        System.out.println(IdleHold.run(target(o), integer(o, "--connections", 10_000))
                .summary());
        return 0;
    }

    private static int soak(Map<String, List<String>> o, Path root)
            throws IOException, InterruptedException {
        Duration duration = o.containsKey("--seconds") ? seconds(o, "--seconds", null)
                : Duration.ofMinutes(integer(o, "--minutes", 10));
        Soak.Settings standard = Soak.Settings.standard(duration);
        Soak.Settings settings = new Soak.Settings(
                integer(o, "--connections", standard.connections()),
                integer(o, "--channels", standard.channels()), duration, standard.publishRate(),
                standard.churnRate(), standard.subscriptions(), standard.seed());
        System.out.println(Compare.machine());
        Soak.Report report;
        if (o.containsKey("--url")) {
            report = Soak.run(settings, target(o), System.out);
        } else {
            try (RelayProcess relay = RelayProcess.start(RelayProcess.Kind.OURS, root, List.of(),
                    o.getOrDefault("--relay-opt", List.of()), false)) {
                Runtime.getRuntime().addShutdownHook(new Thread(relay::destroy));
                System.out.println("relay ready at " + relay.uri() + " (pid "
                        + relay.process().pid() + "); soaking for " + duration);
                report = Soak.run(settings, relay, System.out);
            }
        }
        System.out.println("soak: " + report);
        boolean pass = report.verdict().clean() && report.errors().total() == 0
                && report.memoryFlat();
        System.out.println(pass ? "SOAK PASSED" : "SOAK FAILED");
        return pass ? 0 : 1;
    }

    private static Target target(Map<String, List<String>> o) {
        if (!o.containsKey("--url")) {
            throw new IllegalArgumentException("--url is required\n" + USAGE);
        }
        return Target.of("target", URI.create(o.get("--url").get(0)), integer(o, "--pid", 0));
    }

    private static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("expected an option, got " + name + "\n"
                        + USAGE);
            }
            if (FLAGS.contains(name)) {
                options.put(name, List.of());
            } else if (i + 1 < args.length) {
                options.computeIfAbsent(name, k -> new ArrayList<>()).add(args[++i]);
            } else {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
        }
        return options;
    }

    private static int integer(Map<String, List<String>> o, String name, int fallback) {
        return o.containsKey(name) ? Integer.parseInt(o.get(name).get(0)) : fallback;
    }

    private static double number(Map<String, List<String>> o, String name, double fallback) {
        return o.containsKey(name) ? Double.parseDouble(o.get(name).get(0)) : fallback;
    }

    private static Duration seconds(Map<String, List<String>> o, String name, Duration fallback) {
        return o.containsKey(name)
                ? Duration.ofMillis((long) (Double.parseDouble(o.get(name).get(0)) * 1000))
                : fallback;
    }
}
