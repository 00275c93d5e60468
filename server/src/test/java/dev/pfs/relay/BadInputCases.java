package dev.pfs.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of refused input against the deployed relay: the exact error, and that the other
 * connections (and, where the frame had a cid, the same connection) keep working.
 */
interface BadInputCases extends RelayCases {
    /** The cid every answered bad frame carries. */
    long CID = 7;

    /**
     * A bad frame and what it must produce.
     *
     * @param handshaken whether the sender completed the handshake first
     * @param closeCode the close code expected, or 0 when an error reply is expected
     */
    record Bad(String label, boolean handshaken, String frame, String errorName, int closeCode) {
        @Override
        public String toString() {
            return label;
        }
    }

    String DEEP = "[".repeat(40) + "]".repeat(40);

    static Stream<Bad> answeredFrames() {
        return Stream.of(
                new Bad("event not a string", true, "{\"event\":42,\"cid\":7}",
                        "InvalidEventError", 0),
                new Bad("event missing", true, "{\"data\":{},\"cid\":7}", "InvalidEventError", 0),
                new Bad("#subscribe without data", true, "{\"event\":\"#subscribe\",\"cid\":7}",
                        "InvalidDataError", 0),
                new Bad("#subscribe data a string", true,
                        "{\"event\":\"#subscribe\",\"data\":\"ch\",\"cid\":7}",
                        "InvalidDataError", 0),
                new Bad("#publish channel a number", true,
                        "{\"event\":\"#publish\",\"data\":{\"channel\":5,\"data\":1},\"cid\":7}",
                        "InvalidDataError", 0),
                new Bad("#unsubscribe data an object", true,
                        "{\"event\":\"#unsubscribe\",\"data\":{\"channel\":\"a\"},\"cid\":7}",
                        "InvalidDataError", 0),
                new Bad("#handshake data a number", false,
                        "{\"event\":\"#handshake\",\"data\":5,\"cid\":7}", "InvalidDataError", 0),
                new Bad("unknown # event", true, "{\"event\":\"#nope\",\"data\":{},\"cid\":7}",
                        "UnknownEventError", 0),
                new Bad("#subscribe before the handshake", false,
                        "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"a\"},\"cid\":7}",
                        "HandshakeRequiredError", 0),
                new Bad("empty channel name", true, subscribe("\"\"", true),
                        "EmptyChannelNameError", 0),
                new Bad("channel name of 129 characters", true,
                        subscribe("\"" + "x".repeat(129) + "\"", true),
                        "ChannelNameTooLongError", 0),
                new Bad("channel name with a space", true, subscribe("\"a b\"", true),
                        "ChannelNameAlphabetError", 0),
                new Bad("channel name with a non-ASCII letter", true,
                        subscribe("\"caf\u00e9\"", true), "ChannelNameAlphabetError", 0),
                new Bad("#publish to a bad channel name", true,
                        "{\"event\":\"#publish\",\"data\":{\"channel\":\"a/b\",\"data\":1},"
                                + "\"cid\":7}",
                        "ChannelNameAlphabetError", 0),
                new Bad("nesting 42 deep, cid after it", true,
                        "{\"event\":\"#publish\",\"data\":{\"channel\":\"a\",\"data\":" + DEEP
                                + "},\"cid\":7}", "NestingTooDeepError", 0));
    }

    static Stream<Bad> closingFrames() {
        return Stream.of(
                new Bad("not JSON", true, "hello", "InvalidJsonError", 4100),
                new Bad("truncated JSON", true, "{\"event\":\"#publish\",\"cid\":7",
                        "InvalidJsonError", 4100),
                new Bad("a JSON array", true, "[1,2]", "NotAnObjectError", 4101),
                new Bad("a JSON string", true, "\"#publish\"", "NotAnObjectError", 4101),
                new Bad("cid a string", true, subscribe("\"a\"", false) + ",\"cid\":\"7\"}",
                        "InvalidCidError", 4103),
                new Bad("cid negative", true, "{\"event\":\"#subscribe\",\"cid\":-7}",
                        "InvalidCidError", 4103),
                new Bad("cid with a fraction", true, "{\"event\":\"#subscribe\",\"cid\":7.5}",
                        "InvalidCidError", 4103),
                new Bad("nesting 42 deep, no cid", true,
                        "{\"event\":\"#publish\",\"data\":" + DEEP + "}",
                        "NestingTooDeepError", 4102),
                new Bad("event null, no cid", true, "{\"event\":null}", "InvalidEventError", 4104),
                new Bad("#publish without data, no cid", true, "{\"event\":\"#publish\"}",
                        "InvalidDataError", 4105),
                new Bad("empty channel name, no cid", true, subscribe("\"\"", false) + "}",
                        "EmptyChannelNameError", 4106),
                new Bad("long channel name, no cid", true,
                        subscribe("\"" + "x".repeat(129) + "\"", false) + "}",
                        "ChannelNameTooLongError", 4107),
                new Bad("bad channel character, no cid", true, subscribe("\"a\\nb\"", false) + "}",
                        "ChannelNameAlphabetError", 4108),
                new Bad("#subscribe before the handshake, no cid", false,
                        subscribe("\"a\"", false) + "}", "HandshakeRequiredError", 4009));
    }

    private static String subscribe(String channelJson, boolean withCid) {
        return "{\"event\":\"#subscribe\",\"data\":{\"channel\":" + channelJson + "}"
                + (withCid ? ",\"cid\":7}" : "");
    }

    /** A well-formed publish frame of exactly this many UTF-8 bytes. */
    private static String frameOfBytes(int bytes) {
        String shell = "{\"event\":\"#publish\",\"data\":{\"channel\":\"a\",\"data\":\"\"}}";
        String frame = shell.replace("\"data\":\"\"",
                "\"data\":\"" + "x".repeat(bytes - shell.length()) + "\"");
        assertEquals(bytes, frame.getBytes(StandardCharsets.UTF_8).length);
        return frame;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.pfs.relay.BadInputCases#answeredFrames")
    default void badFrameWithCid_isAnswered_andEveryConnectionKeepsWorking(Bad bad)
            throws Exception {
        try (TestClient witness = subscribedWitness();
                TestClient sender = bad.handshaken() ? TestClient.handshaken(relay())
                        : TestClient.connect(relay(), "")) {
            sender.sendText(bad.frame());
            JsonObject error = sender.reply(CID).getJsonObject("error");
            assertEquals(bad.errorName(), error.getString("name"), error::toString);
            assertFalse(error.getString("message").isEmpty());

            assertPublishRoundTrip(handshakeIfNeeded(sender, bad));
            assertPublishRoundTrip(witness);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.pfs.relay.BadInputCases#closingFrames")
    default void badFrameWithoutUsableCid_closesThatConnectionOnly(Bad bad) throws Exception {
        try (TestClient witness = subscribedWitness();
                TestClient sender = bad.handshaken() ? TestClient.handshaken(relay())
                        : TestClient.connect(relay(), "")) {
            sender.sendText(bad.frame());
            assertClosedWith(sender, bad.closeCode(), bad.errorName());
            assertPublishRoundTrip(witness);
        }
    }

    @Test
    default void binaryFrame_closesWith1003() throws Exception {
        try (TestClient witness = subscribedWitness();
                TestClient sender = TestClient.handshaken(relay())) {
            sender.sendBinary(new byte[] {1, 2, 3});
            assertClosedWith(sender, 1003, "BinaryFrameError");
            assertPublishRoundTrip(witness);
        }
    }

    /**
     * Single frames over relay.maxFrameBytes, as browsers and node's ws send them, on a plain
     * socket: the JDK client would send these in fragments, which the container limits itself.
     */
    @ParameterizedTest(name = "frame of {0} bytes")
    @ValueSource(ints = {65_537, 1 << 20})
    default void frameOverTheLimit_closesThatConnectionOnly_with1009(int bytes) throws Exception {
        try (TestClient witness = subscribedWitness();
                RawWebSocket sender = RawWebSocket.connect(relay(), 65_536)) {
            sender.call("#handshake", Json.createObjectBuilder().build(), 1);
            sender.sendText(frameOfBytes(bytes));
            RawWebSocket.Ending ending = sender.readToEnd();
            assertEquals(1009, ending.closeCode(), ending::toString);
            assertEquals("FrameTooLargeError: frame of " + bytes + " bytes; at most 65536",
                    ending.closeReason());
            assertPublishRoundTrip(witness);
        }
    }

    /**
     * Tyrus, Payara's WebSocket container, would hold the payload of the frame it is reading in a
     * buffer of 4 MiB + 11 bytes and close the connection with 1011, uncounted, once a payload
     * outgrew it. The relay's reader drops a frame over relay.maxFrameBytes as it arrives instead
     * (relay.md, "Errors"), so any size gets the relay's own error, counted.
     */
    int CONTAINER_FRAME_BUFFER_BYTES = 4 * 1024 * 1024 + 11;

    @Test
    default void frameBeyondTheContainersBuffer_isDropped_andRefusedWith1009() throws Exception {
        int bytes = CONTAINER_FRAME_BUFFER_BYTES + 1;
        Metrics before = Metrics.read(this);
        try (TestClient witness = subscribedWitness();
                RawWebSocket sender = RawWebSocket.connect(relay(), 65_536)) {
            sender.call("#handshake", Json.createObjectBuilder().build(), 1);
            sender.sendText(frameOfBytes(bytes));
            RawWebSocket.Ending ending = sender.readToEnd();
            assertEquals(1009, ending.closeCode(), ending::toString);
            assertEquals("FrameTooLargeError: frame of " + bytes + " bytes; at most 65536",
                    ending.closeReason());
            assertPublishRoundTrip(witness);
        }
        assertCountedOnceMore(before, "FrameTooLargeError");
    }

    /** RFC 6455 section 5.1: a server must close the connection on a frame that is not masked. */
    @Test
    default void unmaskedFrame_closesThatConnectionOnly_with1002() throws Exception {
        Metrics before = Metrics.read(this);
        try (TestClient witness = subscribedWitness();
                RawWebSocket sender = RawWebSocket.connect(relay(), 65_536)) {
            sender.call("#handshake", Json.createObjectBuilder().build(), 1);
            sender.sendUnmaskedText("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"u\"},"
                    + "\"cid\":2}");
            RawWebSocket.Ending ending = sender.readToEnd();
            assertEquals(1002, ending.closeCode(), ending::toString);
            assertEquals("UnmaskedFrameError: expected a masked frame, as RFC 6455 requires of"
                    + " clients; got an unmasked one", ending.closeReason());
            assertPublishRoundTrip(witness);
        }
        assertCountedOnceMore(before, "UnmaskedFrameError");
    }

    @Test
    default void fragmentedMessageOverTheFrameLimit_closesThatConnectionOnly() throws Exception {
        // 2 x 40000 characters: each fragment is small, the message is over relay.maxFrameBytes.
        String start = "{\"event\":\"#publish\",\"data\":{\"channel\":\"a\",\"data\":\"";
        Metrics before = Metrics.read(this);
        try (TestClient witness = subscribedWitness();
                RawWebSocket sender = RawWebSocket.connect(relay(), 65_536)) {
            sender.call("#handshake", Json.createObjectBuilder().build(), 1);
            sender.sendFragment(true, false, start + "x".repeat(40_000 - start.length()));
            sender.sendFragment(false, false, "x".repeat(40_000));
            RawWebSocket.Ending ending = sender.readToEnd();
            assertEquals(1009, ending.closeCode(), ending::toString);
            assertEquals("Too big.", ending.closeReason());
            assertPublishRoundTrip(witness);
        }
        // the container's refusal is counted with the relay's own
        assertCountedOnceMore(before, "FrameTooLargeError");
    }

    @Test
    default void fragmentedMessageWithinTheLimit_isOneFrame() throws Exception {
        String channel = freshChannel("fragments");
        try (TestClient subscriber = TestClient.handshaken(relay());
                RawWebSocket sender = RawWebSocket.connect(relay(), 65_536)) {
            subscriber.subscribe(channel);
            sender.call("#handshake", Json.createObjectBuilder().build(), 1);
            sender.sendFragment(true, false, "{\"event\":\"#publish\",\"data\":{\"chan");
            sender.sendFragment(false, false, "nel\":\"" + channel + "\",\"data\":");
            sender.sendFragment(false, true, "\"" + "y".repeat(30_000) + "\"}}");
            JsonObject event = subscriber.nextEvent();
            assertEquals("y".repeat(30_000), event.getJsonObject("data").getString("data"));
        }
    }

    @Test
    default void unknownEventWithoutCid_isIgnored() throws Exception {
        try (TestClient sender = TestClient.handshaken(relay())) {
            sender.sendText("{\"event\":\"#removeAuthToken\"}");
            sender.sendText("{\"event\":\"chat\",\"data\":\"hi\"}");
            assertPublishRoundTrip(sender);
            assertFalse(sender.isClosed());
        }
    }

    @Test
    default void subscriptionFlood_isRefusedBeyondTheLimit() throws Exception {
        try (TestClient witness = subscribedWitness();
                TestClient flooder = TestClient.handshaken(relay())) {
            String prefix = freshChannel("flood");
            for (int i = 0; i < 100; i++) {
                flooder.subscribe(prefix + "-" + i);
            }
            flooder.subscribe(prefix + "-0"); // already subscribed: no new subscription
            JsonObject refused = flooder.call("#subscribe",
                    Json.createObjectBuilder().add("channel", prefix + "-100").build());
            assertEquals("TooManySubscriptionsError",
                    refused.getJsonObject("error").getString("name"));
            assertEquals("subscribed to 100 channels; at most 100",
                    refused.getJsonObject("error").getString("message"));

            flooder.call("#unsubscribe", Json.createValue(prefix + "-0"));
            flooder.subscribe(prefix + "-100");

            flooder.transmit("#subscribe",
                    Json.createObjectBuilder().add("channel", prefix + "-101").build());
            assertClosedWith(flooder, 4109, "TooManySubscriptionsError");
            assertPublishRoundTrip(witness);
        }
    }

    @Test
    default void publishFlood_isRefusedBeyondTheBurst_andTheConnectionStaysOpen()
            throws Exception {
        int burst = 200; // payara-config/relay.properties, at 100 publishes a second
        String channel = freshChannel("rate");
        try (TestClient witness = subscribedWitness();
                TestClient flooder = TestClient.handshaken(relay())) {
            // Rounds of one burst each, every reply read before the next round: never more
            // replies waiting than the relay's outbound queue holds. Two rounds in less than
            // the two seconds the rate needs to refill a burst are enough.
            List<JsonObject> replies = new ArrayList<>();
            while (replies.stream().noneMatch(reply -> reply.containsKey("error"))) {
                assertTrue(replies.size() < 50 * burst, "no publish refused");
                List<Long> cids = new ArrayList<>();
                for (int i = 0; i < burst; i++) {
                    cids.add(flooder.publish(channel, Json.createValue(i)));
                }
                for (long cid : cids) {
                    replies.add(flooder.reply(cid));
                }
            }

            for (int i = 0; i < replies.size(); i++) {
                JsonObject reply = replies.get(i);
                if (i < burst) {
                    assertFalse(reply.containsKey("error"), "within the burst: " + reply);
                } else if (reply.containsKey("error")) {
                    assertEquals("PublishRateError", reply.getJsonObject("error")
                            .getString("name"));
                    assertEquals("more than 100 publishes per second (burst 200)",
                            reply.getJsonObject("error").getString("message"));
                }
            }
            flooder.subscribe(freshChannel("after-refusal"));
            assertPublishRoundTrip(witness);
        }
    }

    /** A connection subscribed to a channel of its own, there to show it is unaffected. */
    private TestClient subscribedWitness() throws Exception {
        TestClient witness = TestClient.handshaken(relay());
        witness.subscribe(freshChannel("witness"));
        return witness;
    }

    private TestClient handshakeIfNeeded(TestClient client, Bad bad) throws Exception {
        if (!bad.handshaken()) {
            client.call("#handshake", Json.createObjectBuilder().build());
        }
        return client;
    }

    /** The client can still subscribe, publish and receive its own publish. */
    /** The rejected-inputs metric for that error name comes to one more than it was before. */
    private void assertCountedOnceMore(Metrics before, String errorName) throws Exception {
        String rejected = "relay_inputs_rejected_total";
        String reason = "reason=\"" + errorName + "\"";
        double expected = before.value(rejected, reason) + 1;
        assertEquals(expected, Metrics.awaitAtLeast(this, expected, rejected, reason)
                .value(rejected, reason), 0);
    }

    private void assertPublishRoundTrip(TestClient client) throws Exception {
        String channel = freshChannel("still-works");
        client.subscribe(channel);
        long cid = client.publish(channel, Json.createValue("ok"));
        assertFalse(client.reply(cid).containsKey("error"));
        JsonObject event = client.nextEvent();
        assertEquals(channel, event.getJsonObject("data").getString("channel"));
    }

    private static void assertClosedWith(TestClient client, int code, String errorName)
            throws Exception {
        TestClient.Closed closed = client.awaitClose();
        assertEquals(code, closed.code(), closed::reason);
        assertEquals(errorName, closed.errorName(), closed::reason);
    }
}
