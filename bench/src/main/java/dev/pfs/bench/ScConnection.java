package dev.pfs.bench;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection to a relay speaking the SocketCluster protocol, on the JDK's non-blocking
 * {@link WebSocket}: no thread of its own, so thousands fit in one load generator.
 *
 * <p>Requests ({@code #handshake}, {@code #subscribe}, ...) return a future completed by the
 * relay's {@code {rid}} reply, or failed with {@link RelayErrorException} on {@code {rid, error}}.
 * Heartbeats are answered in whichever protocol the relay pings with ({@code ""} -> {@code ""},
 * {@code "#1"} -> {@code "#2"}). Deliveries go to the {@link DeliveryHandler}, called on the
 * connection's listener thread, one frame at a time.
 */
public final class ScConnection implements WebSocket.Listener {
    /** Receives the {@code #publish} events this connection gets. */
    public interface DeliveryHandler {
        /** A {@code #publish} frame arrived at {@code receivedNanos} ({@link Stamp#now()}). */
        void onPublish(ScConnection connection, CharSequence frame, long receivedNanos);
    }

    private static final String PUBLISH_PREFIX = "{\"event\":\"#publish\"";
    // An outbox entry meaning "send a close frame", told apart from text by identity.
    private static final String CLOSE = new String("close");

    private final int id;
    private final DeliveryHandler handler;
    private final ErrorCounts errors;
    private final ConcurrentHashMap<Long, CompletableFuture<JsonValue>> pending =
            new ConcurrentHashMap<>();
    private final AtomicLong lastCid = new AtomicLong();
    private final ArrayDeque<String> outbox = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private boolean sending;
    private volatile boolean closing;
    private volatile WebSocket socket;

    private ScConnection(int id, DeliveryHandler handler, ErrorCounts errors) {
        this.id = id;
        this.handler = handler;
        this.errors = errors;
    }

    /** Opens a WebSocket to {@code uri}; the handshake is the caller's next step. */
    public static CompletableFuture<ScConnection> open(HttpClient http, URI uri, int id,
            DeliveryHandler handler, ErrorCounts errors) {
        ScConnection connection = new ScConnection(id, Objects.requireNonNull(handler, "handler"),
                Objects.requireNonNull(errors, "errors"));
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .buildAsync(uri, connection).thenApply(socket -> connection);
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
        send(CLOSE);
        return closed;
    }

    /** Drops the TCP connection without a close handshake. */
    public void abort() {
        closing = true;
        WebSocket current = socket;
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

    // The JDK WebSocket allows one outstanding send; later frames wait here, in order.
    private void send(String text) {
        synchronized (outbox) {
            if (sending) {
                outbox.add(text);
                return;
            }
            sending = true;
        }
        drain(text);
    }

    private void drain(String first) {
        String text = first;
        while (text != null) {
            WebSocket current = socket;
            if (current == null || current.isOutputClosed()) {
                synchronized (outbox) {
                    outbox.clear();
                    sending = false;
                }
                return;
            }
            CompletableFuture<WebSocket> sent = text == CLOSE
                    ? current.sendClose(WebSocket.NORMAL_CLOSURE, "")
                    : current.sendText(text, true);
            if (!sent.isDone()) {
                sent.whenComplete((socket, failure) -> {
                    sendDone(failure);
                    drain(nextToSend());
                });
                return;
            }
            sendDone(sent.isCompletedExceptionally() ? failureOf(sent) : null);
            text = nextToSend();
        }
    }

    private String nextToSend() {
        synchronized (outbox) {
            String next = outbox.poll();
            if (next == null) {
                sending = false;
            }
            return next;
        }
    }

    private void sendDone(Throwable failure) {
        if (failure != null && !closing) {
            errors.record("send failed: " + rootCause(failure).getClass().getSimpleName());
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (!last) {
            partial.append(data);
            return null;
        }
        long now = Stamp.now();
        CharSequence frame = data;
        if (partial.length() > 0) {
            frame = partial.append(data).toString();
            partial.setLength(0);
        }
        dispatch(frame, now);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data,
            boolean last) {
        errors.record("unexpected binary frame");
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!closing) {
            errors.record("closed by relay: " + statusCode + " " + reason);
        }
        finish(new IllegalStateException("connection closed: " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (!closing) {
            errors.record("transport error: " + rootCause(error).getClass().getSimpleName());
        }
        finish(error);
    }

    private void finish(Throwable cause) {
        pending.values().forEach(reply -> reply.completeExceptionally(cause));
        pending.clear();
        closed.complete(null);
    }

    private void dispatch(CharSequence frame, long receivedNanos) {
        if (frame.length() == 0) {
            send(""); // protocol 2 ping
            return;
        }
        if (frame.length() == 2 && frame.charAt(0) == '#' && frame.charAt(1) == '1') {
            send("#2"); // protocol 1 ping
            return;
        }
        if (startsWith(frame, PUBLISH_PREFIX)) {
            handler.onPublish(this, frame, receivedNanos);
            return;
        }
        JsonObject object;
        try (JsonReader reader = Json.createReader(new StringReader(frame.toString()))) {
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

    private void reply(JsonObject object) {
        long rid;
        try {
            rid = object.getJsonNumber("rid").longValueExact();
        } catch (ClassCastException | ArithmeticException | NullPointerException e) {
            errors.record("malformed rid from relay");
            return;
        }
        CompletableFuture<JsonValue> reply = pending.remove(rid);
        if (reply == null) {
            errors.record("reply to unknown cid");
            return;
        }
        JsonValue error = object.get("error");
        if (error != null && error.getValueType() != JsonValue.ValueType.NULL) {
            String name = error.getValueType() == JsonValue.ValueType.OBJECT
                    ? error.asJsonObject().getString("name", "unnamed") : error.toString();
            String message = error.getValueType() == JsonValue.ValueType.OBJECT
                    ? error.asJsonObject().getString("message", "") : "";
            reply.completeExceptionally(new RelayErrorException(name, message));
        } else {
            reply.complete(object.getOrDefault("data", JsonValue.NULL));
        }
    }

    private static boolean startsWith(CharSequence text, String prefix) {
        if (text.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (text.charAt(i) != prefix.charAt(i)) {
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

    private static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.join();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
