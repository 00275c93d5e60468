package dev.pfs.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A subscriber that stops reading must not hold up the publishers or the other subscribers. */
interface BackPressureCases extends RelayCases {
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
        try (RawWebSocket stuck = RawWebSocket.connect(relay(), 65_536);
                TestClient reading = TestClient.handshaken(relay())) {
            stuck.call("#handshake", Json.createObjectBuilder().build(), 1);
            JsonObject subscribed = stuck.call("#subscribe",
                    Json.createObjectBuilder().add("channel", channel).build(), 2);
            assertFalse(subscribed.containsKey("error"), subscribed::toString);
            reading.subscribe(channel);
            for (int p = 0; p < publishers; p++) {
                senders.add(TestClient.handshaken(relay()));
            }

            // From here on the stuck subscriber reads nothing.
            long[] lastCid = new long[publishers];
            boolean ponging = true;
            for (int i = 0; i < perPublisher; i++) {
                // A pong now and then keeps the relay's ping timeout from closing the stuck
                // subscriber first on a slow machine, until the relay has closed it.
                ponging = ponging && pong(stuck);
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

            // Counted before the publishers' acks were queued, so visible by now. Exactly one
            // connection overflowed, and every other one still answers: it was the stuck
            // subscriber.
            assertEquals(overflowsBefore + 1,
                    Metrics.read(this).value("relay_connections_overflowed_total"));
            reading.subscribe(freshChannel("still-open"));
            for (TestClient sender : senders) {
                sender.subscribe(freshChannel("still-open"));
            }

            // The relay closes the stuck subscriber with 4200 OutboundOverflowError (RelayTest
            // shows the code and reason), but the container usually drops the close frame along
            // with the frames it could not write (see relay.md, "Concurrency and
            // back-pressure"): reading again, the subscriber sees its connection end, with or
            // without the close frame, but it does end.
            RawWebSocket.Ending ending = stuck.readToEnd();
            if (ending.closeCode() != null) {
                assertEquals(4200, ending.closeCode(), ending::toString);
                assertTrue(ending.closeReason().startsWith("OutboundOverflowError: "),
                        ending::toString);
            }
            long publishesReceived = ending.texts().stream().filter(t -> !t.isEmpty()).count();
            assertTrue(publishesReceived < publishers * perPublisher, ending::toString);
        } finally {
            senders.forEach(TestClient::close);
        }
    }

    /** Sends a pong; false once the relay has dropped the connection. */
    private static boolean pong(RawWebSocket client) {
        try {
            client.sendText("");
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
