package dev.pfs.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A SocketCluster client for tests over the JDK's WebSocket: sorts what arrives into replies (by
 * rid), events and pings; answers pings unless told not to; can stop reading to play a stuck
 * subscriber. Every wait has a timeout.
 */
final class TestClient implements WebSocket.Listener, AutoCloseable {
    static final long TIMEOUT_SECONDS = 30;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Map<Long, CompletableFuture<JsonObject>> replies = new ConcurrentHashMap<>();
    private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> pings = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicLong nextCid = new AtomicLong(1);
    private final AtomicInteger textFrames = new AtomicInteger();
    private final String pong;
    private volatile boolean reading = true;
    /** Set when a frame went unrequested because reading was stopped. */
    private final AtomicBoolean demandOwed = new AtomicBoolean();
    private WebSocket socket;
    private CompletableFuture<WebSocket> sends = CompletableFuture.completedFuture(null);

    /** How the relay closed the connection. */
    record Closed(int code, String reason) {
        String errorName() {
            int colon = reason.indexOf(':');
            return colon < 0 ? reason : reason.substring(0, colon);
        }
    }

    private TestClient(String pong) {
        this.pong = pong;
    }

    /** Connects and answers pings with the given pong ("" or "#2"), or not at all if null. */
    static TestClient connect(URI relay, String pong) throws Exception {
        TestClient client = new TestClient(pong);
        client.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(relay, client).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return client;
    }

    /** Connects, answering protocol 2 pings, and completes the handshake. */
    static TestClient handshaken(URI relay) throws Exception {
        TestClient client = connect(relay, "");
        JsonObject reply = client.call("#handshake", Json.createObjectBuilder()
                .add("authToken", JsonValue.NULL).build());
        assertEquals(false, reply.getJsonObject("data").getBoolean("isAuthenticated"));
        return client;
    }

    void sendText(String text) throws Exception {
        send(ws -> ws.sendText(text, true)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    void sendBinary(byte[] bytes) throws Exception {
        send(ws -> ws.sendBinary(ByteBuffer.wrap(bytes), true))
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Chains sends: the JDK WebSocket allows one outstanding send, and pongs go out meanwhile. */
    private synchronized CompletableFuture<WebSocket> send(
            Function<WebSocket, CompletableFuture<WebSocket>> operation) {
        sends = sends.handle((ws, failure) -> socket).thenCompose(operation);
        return sends;
    }

    /** Sends {event, data, cid} with a fresh cid; returns the cid. */
    long emit(String event, JsonValue data) throws Exception {
        long cid = nextCid.getAndIncrement();
        replies.computeIfAbsent(cid, k -> new CompletableFuture<>());
        var frame = Json.createObjectBuilder().add("event", event).add("cid", cid);
        if (data != null) {
            frame.add("data", data);
        }
        sendText(frame.build().toString());
        return cid;
    }

    /** Sends {event, data} without a cid. */
    void transmit(String event, JsonValue data) throws Exception {
        sendText(Json.createObjectBuilder().add("event", event).add("data", data).build()
                .toString());
    }

    /** Sends an event and waits for its reply. */
    JsonObject call(String event, JsonValue data) throws Exception {
        return reply(emit(event, data));
    }

    /** Sends #handshake; true once answered, false if the relay closed the connection instead. */
    boolean handshakeOrClose() throws Exception {
        try {
            long cid = emit("#handshake", Json.createObjectBuilder().build());
            CompletableFuture.anyOf(replies.get(cid), closed).get(TIMEOUT_SECONDS,
                    TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!closed.isDone()) {
                throw e; // a failure other than the relay closing on us
            }
        }
        return !closed.isDone();
    }

    /** Waits for the reply to a cid. */
    JsonObject reply(long cid) throws Exception {
        return replies.computeIfAbsent(cid, k -> new CompletableFuture<>())
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Subscribes and checks the acknowledgement. */
    void subscribe(String channel) throws Exception {
        JsonObject reply = call("#subscribe", Json.createObjectBuilder().add("channel", channel)
                .build());
        assertEquals(false, reply.containsKey("error"), () -> "subscribe failed: " + reply);
    }

    /** Publishes with a cid and returns the cid (the reply is left for {@link #reply}). */
    long publish(String channel, JsonValue data) throws Exception {
        return emit("#publish", Json.createObjectBuilder().add("channel", channel)
                .add("data", data).build());
    }

    /** The next event, e.g. a #publish. */
    JsonObject nextEvent() throws Exception {
        JsonObject event = events.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (event == null) {
            throw new TimeoutException("no event within " + TIMEOUT_SECONDS + " s");
        }
        return event;
    }

    /** The next ping the relay sent ("" or "#1"). */
    String nextPing(long timeoutSeconds) throws Exception {
        String ping = pings.poll(timeoutSeconds, TimeUnit.SECONDS);
        if (ping == null) {
            throw new TimeoutException("no ping within " + timeoutSeconds + " s");
        }
        return ping;
    }

    /** Waits until the relay closes the connection. */
    Closed awaitClose() throws Exception {
        return closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** Text frames received so far. */
    int textFrames() {
        return textFrames.get();
    }

    /** Stops reading: the socket's buffers fill and the relay's sends stall. */
    void stopReading() {
        reading = false;
    }

    void resumeReading() {
        reading = true;
        if (demandOwed.compareAndSet(true, false)) {
            socket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            textFrames.incrementAndGet();
            dispatch(text);
        }
        if (reading) {
            webSocket.request(1);
        } else {
            demandOwed.set(true);
            // resumeReading may have run between the check and the set: then we request here
            if (reading && demandOwed.compareAndSet(true, false)) {
                webSocket.request(1);
            }
        }
        return null;
    }

    private void dispatch(String text) {
        if (text.isEmpty() || text.equals("#1")) {
            pings.add(text);
            if (pong != null) {
                send(ws -> ws.sendText(pong, true));
            }
            return;
        }
        JsonObject frame = Json.createReader(new StringReader(text)).readObject();
        if (frame.containsKey("rid")) {
            replies.computeIfAbsent(frame.getJsonNumber("rid").longValue(),
                    k -> new CompletableFuture<>()).complete(frame);
        } else {
            events.add(frame);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed() && !closed.isDone()) {
            send(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
        }
    }
}
