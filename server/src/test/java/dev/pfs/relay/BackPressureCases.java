package dev.pfs.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** A subscriber that stops reading must not hold up the publishers or the other subscribers. */
interface BackPressureCases extends RelayCases {
    /** RFC 6455 section 7.4.1: the connection ended without a close frame. */
    int ABNORMAL_CLOSURE = 1006;

    @Test
    default void stuckSubscriber_isClosedForOverflow_othersGetEveryPublishInOrder()
            throws Exception {
        String channel = freshChannel("stuck");
        int publishers = 4;
        int perPublisher = 150; // within the default burst of 200: no publish is rate limited
        // ~36 MB in all: more than loopback socket buffers plus 256 queued frames can hold
        String payload = "x".repeat(60_000);
        double overflowsBefore = Metrics.read(this).value("relay_connections_overflowed_total");
        List<TestClient> senders = new ArrayList<>();
        try (TestClient stuck = TestClient.handshaken(relay());
                TestClient reading = TestClient.handshaken(relay())) {
            stuck.subscribe(channel);
            reading.subscribe(channel);
            for (int p = 0; p < publishers; p++) {
                senders.add(TestClient.handshaken(relay()));
            }
            stuck.stopReading();

            long[] lastCid = new long[publishers];
            for (int i = 0; i < perPublisher; i++) {
                // A pong now and then: sending still works, and keeps the relay's ping timeout
                // from closing the stuck subscriber first on a slow machine.
                stuck.sendText("");
                for (int p = 0; p < publishers; p++) {
                    lastCid[p] = senders.get(p).publish(channel, Json.createObjectBuilder()
                            .add("p", p).add("i", i).add("payload", payload).build());
                }
            }
            for (int p = 0; p < publishers; p++) {
                assertFalse(senders.get(p).reply(lastCid[p]).containsKey("error"));
            }
            int[] next = new int[publishers];
            for (int n = 0; n < publishers * perPublisher; n++) {
                JsonObject data = reading.nextEvent().getJsonObject("data").getJsonObject("data");
                int p = data.getInt("p");
                assertEquals(next[p]++, data.getInt("i"), "publisher " + p + " out of order");
            }

            // Counted before the publishers' acks were queued, so visible by now.
            assertTrue(Metrics.read(this).value("relay_connections_overflowed_total")
                    > overflowsBefore);
            stuck.resumeReading();
            // The close frame queues behind megabytes the peer never read; the container may drop
            // those with the connection, and then the client sees the connection end (1006, or
            // an I/O error) instead of the close code.
            try {
                TestClient.Closed closed = stuck.awaitClose();
                if (closed.code() != ABNORMAL_CLOSURE) {
                    assertEquals(4200, closed.code(), closed::reason);
                    assertEquals("OutboundOverflowError", closed.errorName());
                }
            } catch (ExecutionException e) {
                assertTrue(stuck.isClosed());
            }
            assertTrue(stuck.textFrames() < 2 + publishers * perPublisher,
                    "the stuck subscriber got everything: " + stuck.textFrames());
        } finally {
            senders.forEach(TestClient::close);
        }
    }
}
