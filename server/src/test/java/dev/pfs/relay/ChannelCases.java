package dev.pfs.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Handshake, subscribe, publish, unsubscribe, fan-out and ordering against a deployed relay. */
interface ChannelCases extends RelayCases {
    @Test
    default void handshake_answersIdPingTimeoutAndUnauthenticated() throws Exception {
        try (TestClient client = TestClient.connect(relay(), "");
                TestClient other = TestClient.connect(relay(), "")) {
            long cid = client.emit("#handshake", Json.createObjectBuilder()
                    .add("authToken", JsonValue.NULL).build());
            JsonObject data = client.reply(cid).getJsonObject("data");
            assertFalse(data.getString("id").isEmpty());
            assertEquals(20000, data.getInt("pingTimeout"));
            assertEquals(false, data.getBoolean("isAuthenticated"));
            JsonObject otherData = other.call("#handshake", JsonValue.NULL).getJsonObject("data");
            assertNotEquals(data.getString("id"), otherData.getString("id"));
        }
    }

    @Test
    default void publishWhileNobodySubscribes_isAcknowledgedAndDropped() throws Exception {
        String channel = freshChannel("no-history");
        try (TestClient publisher = TestClient.handshaken(relay());
                TestClient late = TestClient.handshaken(relay())) {
            JsonObject ack = publisher.reply(publisher.publish(channel, Json.createValue("early")));
            assertFalse(ack.containsKey("error"), ack::toString);
            late.subscribe(channel);
            publisher.reply(publisher.publish(channel, Json.createValue("late")));
            // the first event the late subscriber sees is the publish made after it subscribed
            assertEquals("late", late.nextEvent().getJsonObject("data").getString("data"));
        }
    }

    @Test
    default void publish_reachesSubscriberUnchangedAndIsAcknowledged() throws Exception {
        String channel = freshChannel("unchanged");
        JsonValue data = Json.createReader(new java.io.StringReader(
                "{\"n\":[1,2.5,-3e2,true,null,\"\\u00e9\\ud83d\\ude00\"],\"o\":{}}")).readValue();
        try (TestClient subscriber = TestClient.handshaken(relay());
                TestClient publisher = TestClient.handshaken(relay())) {
            subscriber.subscribe(channel);
            long cid = publisher.publish(channel, data);
            assertEquals(Json.createObjectBuilder().add("rid", cid).build(), publisher.reply(cid));
            JsonObject event = subscriber.nextEvent();
            assertEquals("#publish", event.getString("event"));
            assertEquals(channel, event.getJsonObject("data").getString("channel"));
            assertEquals(data, event.getJsonObject("data").get("data"));
        }
    }

    @Test
    default void publish_ofAnUnpairedSurrogateEscape_arrivesAsPublished_andDeliveryGoesOn()
            throws Exception {
        // JSON may escape a lone surrogate; the relay must still send valid UTF-8 to everyone
        String channel = freshChannel("surrogate");
        try (TestClient subscriber = TestClient.handshaken(relay());
                TestClient publisher = TestClient.handshaken(relay())) {
            subscriber.subscribe(channel);
            publisher.sendText("{\"event\":\"#publish\",\"data\":{\"channel\":\"" + channel
                    + "\",\"data\":\"x\\ud800y\"},\"cid\":900}");
            assertFalse(publisher.reply(900).containsKey("error"));
            assertEquals("x\ud800y",
                    subscriber.nextEvent().getJsonObject("data").getString("data"));
            publisher.reply(publisher.publish(channel, Json.createValue("after")));
            assertEquals("after", subscriber.nextEvent().getJsonObject("data").getString("data"));
        }
    }

    @Test
    default void publish_reachesThePublisherToo_whenSubscribed() throws Exception {
        String channel = freshChannel("self");
        try (TestClient client = TestClient.handshaken(relay())) {
            client.subscribe(channel);
            client.reply(client.publish(channel, Json.createValue("echo")));
            assertEquals("echo", client.nextEvent().getJsonObject("data").getString("data"));
        }
    }

    @Test
    default void unsubscribe_stopsDelivery() throws Exception {
        String channel = freshChannel("unsubscribe");
        try (TestClient leaving = TestClient.handshaken(relay());
                TestClient staying = TestClient.handshaken(relay());
                TestClient publisher = TestClient.handshaken(relay())) {
            leaving.subscribe(channel);
            staying.subscribe(channel);
            JsonObject ack = leaving.call("#unsubscribe", Json.createValue(channel));
            assertFalse(ack.containsKey("error"), ack::toString);
            publisher.reply(publisher.publish(channel, Json.createValue(1)));
            // A marker on a second channel: leaving must see it without the publish before it.
            String marker = freshChannel("marker");
            leaving.subscribe(marker);
            publisher.reply(publisher.publish(marker, Json.createValue(2)));
            assertEquals(1, staying.nextEvent().getJsonObject("data").getInt("data"));
            assertEquals(marker, leaving.nextEvent().getJsonObject("data").getString("channel"));
        }
    }

    @Test
    default void publish_fansOutToManySubscribers() throws Exception {
        String channel = freshChannel("fan-out");
        List<TestClient> subscribers = new ArrayList<>();
        try (TestClient publisher = TestClient.handshaken(relay())) {
            for (int i = 0; i < 50; i++) {
                TestClient subscriber = TestClient.handshaken(relay());
                subscribers.add(subscriber);
                subscriber.subscribe(channel);
            }
            publisher.reply(publisher.publish(channel, Json.createValue("all")));
            for (TestClient subscriber : subscribers) {
                assertEquals("all", subscriber.nextEvent().getJsonObject("data").getString("data"));
            }
        } finally {
            subscribers.forEach(TestClient::close);
        }
    }

    @Test
    default void publishes_arriveInPublishOrderPerPublisher() throws Exception {
        String channel = freshChannel("order");
        int count = 150; // within the default burst, so none is rate limited
        try (TestClient subscriber = TestClient.handshaken(relay());
                TestClient first = TestClient.handshaken(relay());
                TestClient second = TestClient.handshaken(relay())) {
            subscriber.subscribe(channel);
            for (int i = 0; i < count; i++) {
                first.publish(channel, Json.createValue("a" + i));
                second.publish(channel, Json.createValue("b" + i));
            }
            int nextA = 0;
            int nextB = 0;
            for (int i = 0; i < 2 * count; i++) {
                String data = subscriber.nextEvent().getJsonObject("data").getString("data");
                if (data.startsWith("a")) {
                    assertEquals("a" + nextA++, data);
                } else {
                    assertEquals("b" + nextB++, data);
                }
            }
            assertTrue(nextA == count && nextB == count);
        }
    }
}
