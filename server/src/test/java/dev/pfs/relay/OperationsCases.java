package dev.pfs.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Health, metrics and the heartbeat of the relay as deployed with payara-config/. */
interface OperationsCases extends RelayCases {
    @Test
    default void health_liveAndReady_areUpWithTheRelaysChecks() throws Exception {
        JsonObject live = health("/health/live");
        assertEquals("UP", live.getString("status"), live::toString);
        assertEquals("relay-heartbeat", check(live, "relay-heartbeat").getString("name"));

        try (TestClient client = TestClient.handshaken(relay())) {
            JsonObject ready = health("/health/ready");
            assertEquals("UP", ready.getString("status"), ready::toString);
            JsonObject data = check(ready, "relay-connections").getJsonObject("data");
            assertEquals(10000, number(data, "max"));
            assertTrue(number(data, "open") >= 1, data::toString);
            // the fast paths: no per-frame idle timer in Tyrus (IdleTimerBypass), frames
            // written straight to its writer (TyrusWriterPeer), read unmasked (UnmaskedReads)
            assertEquals("bypassed", data.getString("containerIdleTimer"), data::toString);
            assertEquals("direct", data.getString("frameWrites"), data::toString);
            assertEquals("bulk", data.getString("inboundUnmasking"), data::toString);
        }
    }

    @Test
    default void metrics_countConnectionsChannelsPublishesDeliveriesAndRejections()
            throws Exception {
        String channel = freshChannel("metrics");
        Metrics before = Metrics.read(this);
        try (TestClient subscriber = TestClient.handshaken(relay());
                TestClient second = TestClient.handshaken(relay());
                TestClient rejected = TestClient.handshaken(relay())) {
            subscriber.subscribe(channel);
            second.subscribe(channel);
            second.reply(second.publish(channel, Json.createValue(1)));
            subscriber.nextEvent();
            second.nextEvent();
            rejected.sendText("not json");
            rejected.awaitClose();

            Metrics after = Metrics.read(this);
            assertTrue(after.value("relay_connections_open") >= 2);
            assertTrue(after.value("relay_channels_subscribed") >= 1);
            assertEquals(1, delta(before, after, "relay_publishes_received_total"), 0);
            assertEquals(2, delta(before, after, "relay_messages_delivered_total"), 0);
            assertEquals(1, delta(before, after, "relay_inputs_rejected_total",
                    "reason=\"InvalidJsonError\""), 0);
            assertEquals(0, delta(before, after, "relay_connections_overflowed_total"), 0);
        }
    }

    @Test
    default void metrics_everyRelayMetricServedIsDescribedInRelayMd() throws Exception {
        String doc = Files.readString(Path.of("../src/site/markdown/relay.md"));
        List<String> served = Metrics.read(this).names().stream()
                .filter(name -> name.startsWith("relay_"))
                .map(name -> name.replaceFirst("_total$", "").replace('_', '.'))
                .distinct().toList();
        assertEquals(6, served.size(), served::toString);
        for (String name : served) {
            assertTrue(doc.contains("| `" + name), () -> "relay.md does not describe " + name);
        }
    }

    @Test
    default void heartbeat_protocol2_pingsWithTheEmptyFrame_andThePongKeepsTheConnection()
            throws Exception {
        try (TestClient client = TestClient.handshaken(relay())) {
            // the first ping comes within one 8 s interval
            assertEquals("", client.nextPing(TestClient.TIMEOUT_SECONDS));
            String channel = freshChannel("after-ping");
            client.subscribe(channel);
            client.reply(client.publish(channel, Json.createValue("alive")));
            assertEquals("alive", client.nextEvent().getJsonObject("data").getString("data"));
        }
    }

    private static double delta(Metrics before, Metrics after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    /** Payara writes health data numbers as JSON strings; accept either. */
    private static long number(JsonObject data, String key) {
        return Long.parseLong(data.get(key).toString().replace("\"", ""));
    }

    private JsonObject health(String path) throws Exception {
        HttpResponse<String> response = get(path);
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    private static JsonObject check(JsonObject health, String name) {
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + health));
    }
}
