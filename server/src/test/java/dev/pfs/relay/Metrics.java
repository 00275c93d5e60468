package dev.pfs.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;

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
