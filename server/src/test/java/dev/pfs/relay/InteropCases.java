package dev.pfs.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real npm socketcluster-client (installed by {@code npm ci} from the committed lock
 * file into target/interop) against the deployed relay through {@code interop.js}.
 */
interface InteropCases extends RelayCases {
    /** What interop.js publishes, as the relay must deliver it. */
    String PAYLOAD = "{\"text\":\"h\u00e9llo \u2713\",\"numbers\":[1,2.5,-3],"
            + "\"flags\":[true,false,null],\"nested\":{\"deeper\":{\"deepest\":{}}}}";

    /**
     * Runs interop.js with the given client version and checks its report.
     *
     * @param holdMillis how long both sockets stay connected after the exchange
     */
    default void assertNodeClientWorks(String version, long holdMillis) throws Exception {
        Path dir = Path.of(System.getProperty("interop.dir"));
        assertTrue(Files.isDirectory(dir.resolve("node_modules")),
                "npm ci did not run in " + dir);
        Process node = new ProcessBuilder("node", "interop.js", version, base().getHost(),
                String.valueOf(base().getPort()), String.valueOf(holdMillis))
                .directory(dir.toFile()).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(node, false));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(node, true));
        if (!node.waitFor(60 + holdMillis / 1000, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            throw new AssertionError("interop.js " + version + " did not finish");
        }
        String stderr = err.get(10, TimeUnit.SECONDS);
        assertEquals(0, node.exitValue(), () -> "interop.js " + version + " failed: " + stderr);
        JsonObject report = Json.createReader(new StringReader(out.get(10, TimeUnit.SECONDS)))
                .readObject();
        assertEquals(version, report.getString("version"));
        assertEquals(Json.createReader(new StringReader(PAYLOAD)).readObject(),
                report.getJsonObject("data"));
        assertEquals("EmptyChannelNameError", report.getString("refused"));
        assertEquals(Json.createArrayBuilder().build(), report.getJsonArray("closed"));
    }

    private static String read(Process process, boolean errors) {
        try {
            return new String((errors ? process.getErrorStream() : process.getInputStream())
                    .readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
