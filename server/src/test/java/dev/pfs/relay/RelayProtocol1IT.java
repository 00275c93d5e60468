package dev.pfs.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The relay switched by configuration to protocol 1 (socketcluster-client 14.x), with a short
 * heartbeat, a small connection limit and a low publish rate so each can be seen within a test:
 * the WAR as built plus an application config source that outranks payara-config/ (see
 * relay.md, "How it is tested"). Frames go through the standard WebSocket API here
 * ({@code relay.directFrameWrites=0}) and the container unmasks what it reads itself
 * ({@code relay.bulkUnmasking=0}), so those paths are covered too. The server module's second
 * and last Payara Micro start.
 */
@ExtendWith(ArquillianExtension.class)
class RelayProtocol1IT implements InteropCases {
    // Short enough to see several beats in a test, long enough for a loaded 2-core machine.
    private static final int PING_INTERVAL_MILLIS = 500;
    private static final int PING_TIMEOUT_MILLIS = 4000;
    private static final int MAX_CONNECTIONS = 8;
    // One publish a second: a client waiting for each publish to come back outpaces it easily.
    private static final int PUBLISH_RATE = 1;
    private static final int PUBLISH_BURST = 3;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive protocol1War() {
        return RelayCases.warWith("relay.protocolVersion=1",
                "relay.pingIntervalMillis=" + PING_INTERVAL_MILLIS,
                "relay.pingTimeoutMillis=" + PING_TIMEOUT_MILLIS,
                "relay.maxConnections=" + MAX_CONNECTIONS,
                "relay.publishRatePerSecond=" + PUBLISH_RATE,
                "relay.publishBurst=" + PUBLISH_BURST,
                "relay.directFrameWrites=0",
                "relay.bulkUnmasking=0");
    }

    @Override
    public URL base() {
        return base;
    }

    @Test
    void socketclusterClient14_subscribesPublishesReceivesAndLivesThroughTheHeartbeat()
            throws Exception {
        assertNodeClientWorks("14", PING_TIMEOUT_MILLIS + 2 * PING_INTERVAL_MILLIS);
    }

    @Test
    void fastPathsOff_framesGoThroughTheStandardApi_andTheContainerUnmasks() throws Exception {
        try (TestClient client = TestClient.handshaken(relay())) {
            String channel = freshChannel("standard");
            client.subscribe(channel);
            client.reply(client.publish(channel, Json.createValue("via sendText")));
            assertEquals("via sendText", client.nextEvent().getJsonObject("data")
                    .getString("data"));
            JsonObject ready = Json.createReader(new StringReader(
                    get("/health/ready").body())).readObject();
            JsonObject data = ready.getJsonArray("checks").getJsonObject(0)
                    .getJsonObject("data");
            assertEquals("standard", data.getString("frameWrites"), data::toString);
            assertEquals("by the container", data.getString("inboundUnmasking"),
                    data::toString);
            assertEquals("bypassed", data.getString("containerIdleTimer"), data::toString);
        }
    }

    @Test
    void heartbeat_pingsHash1_andEitherPongKeepsTheConnection() throws Exception {
        try (TestClient hash2 = TestClient.connect(relay(), "#2");
                TestClient empty = TestClient.connect(relay(), "")) {
            for (TestClient client : List.of(hash2, empty)) {
                JsonObject handshake =
                        client.call("#handshake", Json.createObjectBuilder().build());
                assertEquals(PING_TIMEOUT_MILLIS,
                        handshake.getJsonObject("data").getInt("pingTimeout"));
            }
            // more pings than fit into one timeout: both pongs were taken as signs of life
            for (int i = 0; i < 2 * PING_TIMEOUT_MILLIS / PING_INTERVAL_MILLIS; i++) {
                assertEquals("#1", hash2.nextPing(TestClient.TIMEOUT_SECONDS));
                assertEquals("#1", empty.nextPing(TestClient.TIMEOUT_SECONDS));
            }
            assertFalse(hash2.isClosed() || empty.isClosed());
            hash2.subscribe(freshChannel("alive"));
        }
    }

    @Test
    void silentConnection_isClosedAfterThePingTimeout() throws Exception {
        try (TestClient silent = TestClient.connect(relay(), null)) {
            TestClient.Closed closed = silent.awaitClose();
            assertEquals(4001, closed.code(), closed::reason);
            assertEquals("PingTimeoutError: nothing received for " + PING_TIMEOUT_MILLIS + " ms",
                    closed.reason());
        }
    }

    @Test
    void connectionsBeyondTheLimit_areClosedWith1013_othersKeepWorking() throws Exception {
        List<TestClient> clients = new ArrayList<>();
        try {
            TestClient.Closed refused = null;
            // Earlier tests' connections may still be closing, so the limit is met at the latest
            // after MAX_CONNECTIONS of ours. A taken connection is pinged; a refused one is closed
            // at once. Nothing is sent on it: a send after the close would make the JDK client
            // report the failed send rather than the close frame.
            while (refused == null && clients.size() <= MAX_CONNECTIONS) {
                TestClient client = TestClient.connect(relay(), "#2");
                clients.add(client);
                if (!client.pingedBeforeEnd()) {
                    refused = client.awaitClose();
                }
            }
            assertTrue(refused != null, "no connection refused");
            assertEquals(1013, refused.code(), refused.reason());
            assertEquals("TooManyConnectionsError", refused.errorName());
            TestClient first = clients.get(0);
            first.call("#handshake", Json.createObjectBuilder().build());
            String channel = freshChannel("still-there");
            first.subscribe(channel);
            first.reply(first.publish(channel, Json.createValue(1)));
            assertEquals(1, first.nextEvent().getJsonObject("data").getInt("data"));
        } finally {
            clients.forEach(TestClient::close);
        }
    }

    @Test
    void readiness_isDownWhileTheRelayIsFull_andUpOnceAConnectionCloses() throws Exception {
        List<TestClient> held = new ArrayList<>();
        List<TestClient> all = new ArrayList<>();
        try {
            // Earlier tests' connections may still be closing: the relay is full for certain
            // once this test alone holds MAX_CONNECTIONS of them.
            for (int tries = 0; held.size() < MAX_CONNECTIONS && tries < 4 * MAX_CONNECTIONS;
                    tries++) {
                TestClient client = TestClient.connect(relay(), "#2");
                all.add(client);
                if (client.pingedBeforeEnd()) {
                    held.add(client);
                } else {
                    client.awaitClose();
                }
            }
            assertEquals(MAX_CONNECTIONS, held.size(), "connections taken");
            HttpResponse<String> full = get("/health/ready");
            assertEquals(503, full.statusCode(), full::body);
            JsonObject check = readiness(full).getJsonArray("checks").getJsonObject(0);
            assertEquals("DOWN", check.getString("status"), check::toString);
            assertEquals(String.valueOf(MAX_CONNECTIONS),
                    check.getJsonObject("data").getString("open"), check::toString);

            held.remove(0).close();
            assertEquals(200, awaitReadinessStatus(200).statusCode(), "after one closed");
        } finally {
            all.forEach(TestClient::close);
        }
    }

    private static JsonObject readiness(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    /** Reads /health/ready until it answers with the status, or the test's timeout passes. */
    private HttpResponse<String> awaitReadinessStatus(int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestClient.TIMEOUT_SECONDS);
        HttpResponse<String> response = get("/health/ready");
        while (response.statusCode() != status && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            response = get("/health/ready"); // one HTTP round trip per reading paces the loop
        }
        return response;
    }

    @Test
    void publishBeyondTheRateWithoutCid_closesThatConnectionWith4110() throws Exception {
        String channel = freshChannel("rate");
        try (TestClient witness = TestClient.handshaken(relay());
                TestClient flooder = TestClient.handshaken(relay(), null)) {
            flooder.subscribe(channel);
            // Each publish is sent once the previous one came back: nothing follows the refused
            // one, whose answer is the close (the publishes themselves keep the connection from
            // the ping timeout, hence no pongs).
            TestClient.Closed closed = null;
            for (int i = 0; closed == null; i++) {
                assertTrue(i < 10 * PUBLISH_BURST, "no publish refused");
                flooder.transmit("#publish", Json.createObjectBuilder().add("channel", channel)
                        .add("data", i).build());
                if (flooder.nextEventUnlessEnded() == null) {
                    closed = flooder.awaitClose();
                }
            }

            assertEquals(4110, closed.code(), closed::reason);
            assertEquals("PublishRateError: more than " + PUBLISH_RATE
                    + " publishes per second (burst " + PUBLISH_BURST + ")", closed.reason());
            String other = freshChannel("unaffected");
            witness.subscribe(other);
            witness.reply(witness.publish(other, Json.createValue("ok")));
            assertEquals("ok", witness.nextEvent().getJsonObject("data").getString("data"));
        }
    }
}
