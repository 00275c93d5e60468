package dev.pfs.bench;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection to a relay speaking the SocketCluster protocol, on a {@link WsClient}
 * {@link WsSocket}: no thread of its own, so thousands fit in one load generator.
 *
 * <p>Requests ({@code #handshake}, {@code #subscribe}, ...) return a future completed by the
 * relay's {@code {rid}} reply, or failed with {@link RelayErrorException} on {@code {rid, error}}.
 * Heartbeats are answered in whichever protocol the relay pings with ({@code ""} -> {@code ""},
 * {@code "#1"} -> {@code "#2"}). Deliveries go to the {@link DeliveryHandler}, called on the
 * connection's selector thread, one frame at a time, as the frame's UTF-8 bytes.
 */
public final class ScConnection implements WsSocket.Listener {
    /** Receives the {@code #publish} events this connection gets. */
    public interface DeliveryHandler {
        /**
         * A {@code #publish} frame arrived at {@code receivedNanos} ({@link Stamp#now()}); its
         * UTF-8 bytes, between position and limit, are valid only during the call.
         */
        void onPublish(ScConnection connection, ByteBuffer frame, long receivedNanos);
    }

    private static final byte[] PUBLISH_PREFIX =
            "{\"event\":\"#publish\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RID_PREFIX = "{\"rid\":".getBytes(StandardCharsets.US_ASCII);

    private final int id;
    private final DeliveryHandler handler;
    private final ErrorCounts errors;
    private final ConcurrentHashMap<Long, CompletableFuture<JsonValue>> pending =
            new ConcurrentHashMap<>();
    private final AtomicLong lastCid = new AtomicLong();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile boolean closing;
    private volatile WsSocket socket;

    private ScConnection(int id, DeliveryHandler handler, ErrorCounts errors) {
        this.id = id;
        this.handler = handler;
        this.errors = errors;
    }

    /** Opens a WebSocket to {@code uri}; the handshake is the caller's next step. */
    public static CompletableFuture<ScConnection> open(WsClient client, URI uri, int id,
            DeliveryHandler handler, ErrorCounts errors) {
        ScConnection connection = new ScConnection(id, Objects.requireNonNull(handler, "handler"),
                Objects.requireNonNull(errors, "errors"));
        return client.open(uri, connection).thenApply(socket -> {
            connection.socket = socket;
            return connection;
        });
    }

    /** The id the load generator gave this connection. */
    public int id() {
        return id;
    }

    /** {@code #handshake} with empty data, as a client without an auth token sends it. */
    public CompletableFuture<JsonValue> handshake() {
        return request("#handshake", "{}");
    }

    /** {@code #subscribe}; completes when the relay has acknowledged the subscription. */
    public CompletableFuture<JsonValue> subscribe(String channel) {
        return request("#subscribe", "{\"channel\":" + quote(channel) + "}");
    }

    /** {@code #unsubscribe}; completes when the relay has acknowledged it. */
    public CompletableFuture<JsonValue> unsubscribe(String channel) {
        return request("#unsubscribe", quote(channel));
    }

    /**
     * {@code #publish} of {@code dataJson} (a JSON value, e.g. a {@link Stamp#json} string) on
     * {@code channel}; completes when the relay has acknowledged it.
     */
    public CompletableFuture<JsonValue> publish(String channel, String dataJson) {
        return request("#publish",
                "{\"channel\":" + quote(channel) + ",\"data\":" + dataJson + "}");
    }

    /** Starts a normal close; the future completes when the relay's close arrives. */
    public CompletableFuture<Void> close() {
        closing = true;
        WsSocket current = socket;
        if (current == null) {
            closed.complete(null);
        } else {
            current.close(1000, "");
        }
        return closed;
    }

    /** Drops the TCP connection without a close handshake. */
    public void abort() {
        closing = true;
        WsSocket current = socket;
        if (current != null) {
            current.abort();
        }
        closed.complete(null);
    }

    /** Completes when the connection has closed, for whatever reason. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    private CompletableFuture<JsonValue> request(String event, String dataJson) {
        long cid = lastCid.incrementAndGet();
        CompletableFuture<JsonValue> reply = new CompletableFuture<>();
        pending.put(cid, reply);
        send("{\"event\":\"" + event + "\",\"data\":" + dataJson + ",\"cid\":" + cid + "}");
        return reply;
    }

    private void send(String text) {
        WsSocket current = socket;
        if (current == null) {
            throw new IllegalStateException("connection " + id + " is not open");
        }
        current.sendText(text);
    }

    @Override
    public void onText(WsSocket webSocket, ByteBuffer utf8) {
        dispatch(utf8, Stamp.now());
    }

    @Override
    public void onBinary(WsSocket webSocket, ByteBuffer data) {
        errors.record("unexpected binary frame");
    }

    @Override
    public void onClosed(WsSocket webSocket, int code, String reason, Throwable error) {
        if (!closing) {
            errors.record(error != null
                    ? "transport error: " + rootCause(error).getClass().getSimpleName()
                    : "closed by relay: " + code + " " + reason);
        }
        finish(error != null ? error
                : new IllegalStateException("connection closed: " + code + " " + reason));
    }

    private void finish(Throwable cause) {
        pending.values().forEach(reply -> reply.completeExceptionally(cause));
        pending.clear();
        closed.complete(null);
    }

    private void dispatch(ByteBuffer frame, long receivedNanos) {
        int length = frame.remaining();
        if (length == 0) {
            send(""); // protocol 2 ping
            return;
        }
        int at = frame.position();
        if (length == 2 && frame.get(at) == '#' && frame.get(at + 1) == '1') {
            send("#2"); // protocol 1 ping
            return;
        }
        if (startsWith(frame, PUBLISH_PREFIX)) {
            handler.onPublish(this, frame, receivedNanos);
            return;
        }
        long rid = bareRid(frame);
        if (rid >= 0) {
            complete(rid, null);
            return;
        }
        String text = StandardCharsets.UTF_8.decode(frame.duplicate()).toString();
        JsonObject object;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            object = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            errors.record("unparsable frame from relay");
            return;
        }
        if (object.containsKey("rid")) {
            reply(object);
        } else if ("#publish".equals(object.getString("event", null))) {
            handler.onPublish(this, frame, receivedNanos);
        }
        // Other events (#setAuthToken, ...) carry nothing the load generator needs.
    }

    /**
     * The rid of a reply that is exactly {@code {"rid":N}} (an acknowledgement, the most common
     * reply at maximum rate), read without a JSON parser; -1 for any other frame.
     */
    static long bareRid(ByteBuffer frame) {
        int at = frame.position();
        int end = frame.limit() - 1;
        if (!startsWith(frame, RID_PREFIX) || frame.get(end) != '}'
                || end - at - RID_PREFIX.length > 18) {
            return -1;
        }
        long rid = 0;
        int digits = 0;
        for (int i = at + RID_PREFIX.length; i < end; i++, digits++) {
            byte c = frame.get(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            rid = rid * 10 + (c - '0');
        }
        return digits == 0 ? -1 : rid;
    }

    private void reply(JsonObject object) {
        long rid;
        try {
            rid = object.getJsonNumber("rid").longValueExact();
        } catch (ClassCastException | ArithmeticException | NullPointerException e) {
            errors.record("malformed rid from relay");
            return;
        }
        complete(rid, object);
    }

    /** Completes the request {@code rid} with the reply {@code object} (null: no data). */
    private void complete(long rid, JsonObject object) {
        CompletableFuture<JsonValue> reply = pending.remove(rid);
        if (reply == null) {
            errors.record("reply to unknown cid");
            return;
        }
        JsonValue error = object == null ? null : object.get("error");
        if (error != null && error.getValueType() != JsonValue.ValueType.NULL) {
            String name = error.getValueType() == JsonValue.ValueType.OBJECT
                    ? error.asJsonObject().getString("name", "unnamed") : error.toString();
            String message = error.getValueType() == JsonValue.ValueType.OBJECT
                    ? error.asJsonObject().getString("message", "") : "";
            reply.completeExceptionally(new RelayErrorException(name, message));
        } else {
            reply.complete(object == null ? JsonValue.NULL
                    : object.getOrDefault("data", JsonValue.NULL));
        }
    }

    private static boolean startsWith(ByteBuffer bytes, byte[] prefix) {
        int at = bytes.position();
        if (bytes.remaining() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes.get(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Channel names in the benchmark are plain ASCII; anything else is refused. */
    private static String quote(String channel) {
        for (int i = 0; i < channel.length(); i++) {
            char c = channel.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                throw new IllegalArgumentException("channel name needs escaping: " + channel);
            }
        }
        return '"' + channel + '"';
    }

    static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
