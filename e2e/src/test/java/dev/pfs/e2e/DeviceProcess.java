package dev.pfs.e2e;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParsingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code java -jar pfs-device.jar ... --json} process: its JSON events are queued as
 * they are printed; lines written to it are what a person would type.
 */
final class DeviceProcess implements AutoCloseable {
    private static final long WAIT_SECONDS = 60;

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    private final List<String> transcript = java.util.Collections.synchronizedList(
            new ArrayList<>());

    private DeviceProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readEvents, "stdout-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    static DeviceProcess start(String name, Path directory, List<String> arguments)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.io.tmpdir=" + directory);
        command.add("-jar");
        command.add(System.getProperty("device.jar"));
        command.addAll(arguments);
        command.addAll(List.of("--json", "--name", name, "--store",
                directory.resolve(name + ".json").toString()));
        Process process = new ProcessBuilder(command)
                .redirectError(directory.resolve(name + ".stderr").toFile())
                .start();
        return new DeviceProcess(name, process);
    }

    private void readEvents() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(
                process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                transcript.add(line);
                try {
                    events.add(Json.createReader(new StringReader(line)).readObject());
                } catch (JsonParsingException e) {
                    events.add(Json.createObjectBuilder().add("event", "unparsable")
                            .add("line", line).build());
                }
            }
        } catch (IOException e) {
            transcript.add("stdout failed: " + e);
        }
    }

    /**
     * The next event of this kind, skipping others; fails at an abort or error (unless that is
     * what it waits for) and after a minute.
     */
    JsonObject await(String event) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject next = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError(name + ": no " + event + " event within "
                        + WAIT_SECONDS + " s; output so far:\n" + String.join("\n", transcript));
            }
            if (event.equals(next.getString("event", ""))) {
                return next;
            }
            boolean failed = "aborted".equals(next.getString("event", ""))
                    || "error".equals(next.getString("event", ""));
            if (failed && !event.equals("aborted")) {
                throw new AssertionError(name + " failed while waiting for " + event + ": "
                        + next);
            }
        }
    }

    void type(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Ends standard input, as a person ending the program would, and waits for the exit. */
    int finish() throws IOException, InterruptedException {
        stdin.close();
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " did not exit after its input ended");
        }
        return process.exitValue();
    }

    List<String> transcript() {
        return new ArrayList<>(transcript);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
