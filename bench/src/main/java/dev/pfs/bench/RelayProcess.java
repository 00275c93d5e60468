package dev.pfs.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A relay the benchmark starts on a free loopback port and stops at the end: our uber jar, stock
 * socketcluster-server, or the bare ws relay. Its output goes to a log file under
 * {@code bench/target/logs/}.
 */
public final class RelayProcess implements Target, AutoCloseable {
    /** The relays the benchmark knows how to start. */
    public enum Kind {
        OURS("ours", "/socketcluster/"),
        SOCKETCLUSTER("SocketCluster", "/socketcluster/"),
        WS("bare ws", "/");

        final String label;
        final String path;

        Kind(String label, String path) {
            this.label = label;
            this.path = path;
        }
    }

    private static final long READY_TIMEOUT_SECONDS = 180;

    private final Kind kind;
    private final Process process;
    private final URI uri;
    private final ProcessProbe probe;
    private final BlockingQueue<Long> heapReports = new LinkedBlockingQueue<>();
    private final Path log;

    private RelayProcess(Kind kind, Process process, int port, Path log) {
        this.kind = kind;
        this.process = process;
        this.uri = URI.create("ws://127.0.0.1:" + port + kind.path);
        this.probe = ProcessProbe.of(process.pid());
        this.log = log;
    }

    /**
     * Starts a relay of {@code kind} from the repository at {@code root} and waits until it
     * answers a SocketCluster handshake.
     *
     * @param launcher        a command prefix, e.g. {@code taskset -c 0}; empty for none
     * @param relayJvmOptions extra JVM options for our relay
     * @param benchLimits     whether our relay runs with {@code bench/relay-bench.properties}
     *                        (no publish rate limit) on top of its packaged settings
     */
    public static RelayProcess start(Kind kind, Path root, List<String> launcher,
            List<String> relayJvmOptions, boolean benchLimits)
            throws IOException, InterruptedException {
        int port = freePort();
        Path logs = Files.createDirectories(root.resolve("bench/target/logs"));
        Path log = logs.resolve(kind.name().toLowerCase() + "-" + port + ".log");
        // taskset execs the relay, so the process started is the relay itself (its pid, its CPU).
        List<String> command = new ArrayList<>(launcher);
        if (kind == Kind.OURS) {
            Path jar = root.resolve("server/target/pfs-relay.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IOException(jar + " is missing: build it with mvn -DskipTests package");
            }
            Path tmp = Files.createDirectories(root.resolve("bench/target/relay-tmp"));
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-Djava.io.tmpdir=" + tmp);
            command.addAll(relayJvmOptions);
            command.addAll(List.of("-jar", jar.toString(), "--port", Integer.toString(port)));
            if (benchLimits) {
                // System properties given to java -D lose to the packaged relay.properties.
                command.addAll(List.of("--systemproperties",
                        root.resolve("bench/relay-bench.properties").toString()));
            }
        } else {
            Path node = root.resolve("bench/node");
            if (!Files.isDirectory(node.resolve("node_modules"))) {
                throw new IOException("bench/node/node_modules is missing: run npm ci there");
            }
            command.addAll(List.of("node", "--expose-gc",
                    node.resolve(kind == Kind.WS ? "ws-relay.js" : "sc-server.js").toString(),
                    Integer.toString(port)));
        }
        Process process = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(true).start();
        RelayProcess relay = new RelayProcess(kind, process, port, log);
        relay.copyOutput();
        relay.awaitReady();
        return relay;
    }

    @Override
    public String name() {
        return kind.label;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public ProcessProbe process() {
        return probe;
    }

    /** Our relay: jcmd. Node relays: SIGUSR2 makes them collect and print their heap. */
    @Override
    public long liveHeapBytes() {
        if (kind == Kind.OURS) {
            return JvmHeap.liveBytesOrUnknown(process.pid());
        }
        try {
            heapReports.clear();
            new ProcessBuilder("kill", "-USR2", Long.toString(process.pid())).start().waitFor();
            Long heap = heapReports.poll(30, TimeUnit.SECONDS);
            return heap == null ? -1 : heap;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** A short version string for reports. */
    public String version() {
        return switch (kind) {
            case OURS -> "pfs-relay.jar (Payara Micro), JVM " + Runtime.version();
            case SOCKETCLUSTER -> "socketcluster-server 20.0.1 on node " + nodeVersion();
            case WS -> "ws 8.23.1 on node " + nodeVersion();
        };
    }

    /** Asks the relay to stop, without waiting. */
    void destroy() {
        process.destroy();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void copyOutput() throws IOException {
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8),
                true);
        Thread copier = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("heapUsed=")) {
                        heapReports.add(Long.parseLong(line.substring("heapUsed=".length())));
                    }
                    out.println(line);
                }
            } catch (IOException e) {
                out.println("[bench] output copy stopped: " + e);
            } finally {
                out.close();
            }
        }, "bench-log-" + kind.name().toLowerCase());
        copier.setDaemon(true);
        copier.start();
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
        try (WsClient client = new WsClient(1)) {
            awaitReady(client, deadline);
        }
    }

    private void awaitReady(WsClient client, long deadline)
            throws IOException, InterruptedException {
        ErrorCounts ignored = new ErrorCounts();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name() + " exited with " + process.exitValue()
                        + " before it was ready; see " + log);
            }
            ScConnection probe;
            try {
                probe = ScConnection.open(client, uri, 0, (c, f, t) -> { }, ignored)
                        .thenCompose(c -> c.handshake().thenApply(reply -> c))
                        .get(5, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                TimeUnit.MILLISECONDS.sleep(500);
                continue;
            }
            try {
                probe.close().get(5, TimeUnit.SECONDS);
            } catch (Exception slowClose) {
                probe.abort();
            }
            return;
        }
        close();
        throw new IOException(name() + " did not answer a handshake within "
                + READY_TIMEOUT_SECONDS + " s; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String nodeVersion() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true)
                    .start();
            String version = new String(node.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8).trim();
            node.waitFor();
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
