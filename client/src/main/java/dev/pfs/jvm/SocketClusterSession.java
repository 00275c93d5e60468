package dev.pfs.jvm;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.HashMap;
import java.util.Set;

/**
 * The client side of the SocketCluster wire protocol for one WebSocket connection, without the
 * socket: text frames in, frames to send and events out. Events are JSON objects
 * {@code {event, data, cid}}; replies {@code {rid, data}} or {@code {rid, error}}. Heartbeats:
 * protocol 2 pings with an empty frame, protocol 1 with {@code #1}; both are answered (the empty
 * one with an empty one, {@code #1} with {@code #2}).
 *
 * <p>The session is ready once the handshake is answered and every channel subscribed; not
 * thread-safe, the transport serialises calls.
 */
final class SocketClusterSession {
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final int HANDSHAKE_CID = 1;

    /** What the session wants done: frames to send and events for the listener. */
    static final class Output {
        final List<String> frames = new ArrayList<>();
        boolean ready;
        final List<String[]> messages = new ArrayList<>();
        String failure;
        long pingTimeoutMillis = -1;
    }

    private final Set<String> channels;
    private final Map<Integer, String> pendingSubscribes = new HashMap<>();
    private int nextCid = HANDSHAKE_CID + 1;
    private boolean handshakeDone;
    private boolean ready;

    /** @param channels the channels to subscribe once the handshake is answered */
    SocketClusterSession(Set<String> channels) {
        this.channels = new LinkedHashSet<>(channels);
    }

    /** The first frame to send once the WebSocket is open. */
    String handshake() {
        return JSON.createObjectBuilder()
                .add("event", "#handshake")
                .add("data", JSON.createObjectBuilder().add("authToken", JsonValue.NULL))
                .add("cid", HANDSHAKE_CID)
                .build().toString();
    }

    boolean isReady() {
        return ready;
    }

    /** Whether the relay answered the handshake. */
    boolean isHandshakeDone() {
        return handshakeDone;
    }

    /** Subscribes now when the handshake is done; otherwise it happens after the handshake. */
    String subscribe(String channel) {
        channels.add(channel);
        return handshakeDone ? subscribeFrame(channel) : null;
    }

    String unsubscribe(String channel) {
        channels.remove(channel);
        return handshakeDone ? event("#unsubscribe", JSON.createValue(channel)) : null;
    }

    /** @param data JSON text; it travels as the JSON value of the publish, not as a string */
    String publish(String channel, String data) {
        JsonValue value;
        try (JsonReader reader = JSON.createReader(new StringReader(data))) {
            value = reader.readValue();
        }
        return event("#publish", JSON.createObjectBuilder().add("channel", channel)
                .add("data", value).build());
    }

    /** Handles one received text frame. */
    Output receive(String text) {
        Output out = new Output();
        if (text.isEmpty()) {
            out.frames.add("");
            return out;
        }
        if (text.equals("#1")) {
            out.frames.add("#2");
            return out;
        }
        if (text.equals("#2")) {
            return out;
        }
        JsonObject frame;
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            frame = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            out.failure = "relay sent a frame that is not a JSON object";
            return out;
        }
        if (frame.containsKey("rid")) {
            reply(frame, out);
        } else if ("#publish".equals(stringOrNull(frame, "event"))) {
            publication(frame, out);
        }
        return out;
    }

    private void reply(JsonObject frame, Output out) {
        JsonValue rid = frame.get("rid");
        if (!(rid instanceof JsonNumber)) {
            out.failure = "relay sent a reply without a numeric rid";
            return;
        }
        int id = ((JsonNumber) rid).intValue();
        JsonValue error = frame.get("error");
        if (id == HANDSHAKE_CID && !handshakeDone) {
            if (error != null && error != JsonValue.NULL) {
                out.failure = "handshake refused: " + error;
                return;
            }
            handshakeDone = true;
            JsonValue data = frame.get("data");
            if (data instanceof JsonObject && ((JsonObject) data).get("pingTimeout")
                    instanceof JsonNumber) {
                out.pingTimeoutMillis = ((JsonObject) data).getJsonNumber("pingTimeout")
                        .longValue();
            }
            for (String channel : channels) {
                out.frames.add(subscribeFrame(channel));
            }
        } else {
            String channel = pendingSubscribes.remove(id);
            if (channel != null && error != null && error != JsonValue.NULL) {
                out.failure = "subscription to " + channel + " refused: " + error;
                return;
            }
        }
        if (handshakeDone && !ready && pendingSubscribes.isEmpty()) {
            ready = true;
            out.ready = true;
        }
    }

    private static void publication(JsonObject frame, Output out) {
        JsonValue data = frame.get("data");
        if (!(data instanceof JsonObject)) {
            return;
        }
        JsonObject publish = (JsonObject) data;
        String channel = stringOrNull(publish, "channel");
        JsonValue value = publish.get("data");
        if (channel != null && value != null) {
            out.messages.add(new String[] {channel, value.toString()});
        }
    }

    private String subscribeFrame(String channel) {
        int cid = nextCid;
        pendingSubscribes.put(cid, channel);
        return event("#subscribe", JSON.createObjectBuilder().add("channel", channel).build());
    }

    private String event(String name, JsonValue data) {
        return JSON.createObjectBuilder().add("event", name).add("data", data)
                .add("cid", nextCid++).build().toString();
    }

    private static String stringOrNull(JsonObject object, String key) {
        JsonValue value = object.get(key);
        return value instanceof jakarta.json.JsonString
                ? ((jakarta.json.JsonString) value).getString() : null;
    }
}
