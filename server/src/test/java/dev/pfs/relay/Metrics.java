package dev.pfs.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The application's metrics as Payara serves them, in Prometheus text format. */
final class Metrics {
    private final String text;

    private Metrics(String text) {
        this.text = text;
    }

    static Metrics read(RelayCases relay) throws Exception {
        HttpResponse<String> response = relay.get("/metrics?scope=application");
        assertEquals(200, response.statusCode(), response::body);
        return new Metrics(response.body());
    }

    /**
     * Reads the metrics until the sample reaches {@code atLeast}, for what the relay counts just
     * after the client saw its effect (the container closes a connection, then reports why).
     * Gives up after the test client's timeout and returns the last reading.
     */
    static Metrics awaitAtLeast(RelayCases relay, double atLeast, String name,
            String... labelFilters) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestClient.TIMEOUT_SECONDS);
        Metrics metrics = read(relay);
        while (metrics.value(name, labelFilters) < atLeast && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            metrics = read(relay); // one HTTP round trip per reading paces the loop
        }
        return metrics;
    }

    /** The name of every sample, in order, once per sample (labels dropped). */
    List<String> names() {
        return text.lines().filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0]).toList();
    }

    /** The value of the one sample whose name matches and whose labels contain every filter. */
    double value(String name, String... labelFilters) {
        return text.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labelFilters).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .reduce((a, b) -> {
                    throw new AssertionError("more than one sample of " + name);
                })
                .orElseThrow(() -> new AssertionError("no sample of " + name + " in:\n" + text));
    }
}
