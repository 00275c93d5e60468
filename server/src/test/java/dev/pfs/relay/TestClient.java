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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A SocketCluster client for tests over the JDK's WebSocket: sorts what arrives into replies (by
 * rid), events and pings; answers pings unless told not to. Every wait has a timeout.
 */
final class TestClient implements WebSocket.Listener, AutoCloseable {
    static final long TIMEOUT_SECONDS = 30;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Put on the event queue when the connection ends, so a wait for an event ends too. */
    private static final JsonObject ENDED = Json.createObjectBuilder().build();

    private final Map<Long, CompletableFuture<JsonObject>> replies = new ConcurrentHashMap<>();
    private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> pings = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final CompletableFuture<Void> firstPing = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicLong nextCid = new AtomicLong(1);
    private final String pong;
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
        return handshaken(relay, "");
    }

    /** Connects, answering pings with the given pong (or not at all if null), and handshakes. */
    static TestClient handshaken(URI relay, String pong) throws Exception {
        TestClient client = connect(relay, pong);
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

    /**
     * Waits, sending nothing, for the relay's first ping or for the end of the connection; true
     * if the ping came first, i.e. the relay took the connection on.
     */
    boolean pingedBeforeEnd() throws Exception {
        try {
            CompletableFuture.anyOf(firstPing, closed).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // the connection ended with an error: not pinged
        }
        return firstPing.isDone();
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

    /** The next event, e.g. a #publish; fails if the connection ends first. */
    JsonObject nextEvent() throws Exception {
        JsonObject event = nextEventUnlessEnded();
        if (event == null) {
            throw new AssertionError("the connection ended before the next event: "
                    + awaitEnding());
        }
        return event;
    }

    /** The next event, or null if the connection ended first. */
    JsonObject nextEventUnlessEnded() throws Exception {
        JsonObject event = events.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (event == null) {
            throw new TimeoutException("no event within " + TIMEOUT_SECONDS + " s");
        }
        if (event == ENDED) {
            events.add(ENDED); // for the next caller
            return null;
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

    /**
     * How a connection ended: with the relay's close frame, or with an error when it ended
     * without one (the JDK client reports 1006 as a close, a reset as an error).
     */
    record Ending(Closed closed, Throwable error) {
        @Override
        public String toString() {
            return closed != null ? closed.toString() : "ended without a close frame: " + error;
        }
    }

    /** Waits until the relay closes the connection, and returns its close frame. */
    Closed awaitClose() throws Exception {
        return closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Waits until the connection ends, in whichever way. */
    Ending awaitEnding() throws Exception {
        try {
            return new Ending(closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), null);
        } catch (ExecutionException e) {
            return new Ending(null, e.getCause());
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            dispatch(text);
        }
        webSocket.request(1);
        return null;
    }

    private void dispatch(String text) {
        if (text.isEmpty() || text.equals("#1")) {
            pings.add(text);
            firstPing.complete(null);
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
        events.add(ENDED);
        return null;
    }

    /**
     * The JDK client also reports a failed send here, and then delivers nothing more of what it
     * received, the relay's close frame included: a test that wants to see the close frame sends
     * nothing once the relay may have closed the connection.
     */
    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
        events.add(ENDED);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed() && !closed.isDone()) {
            send(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
        }
    }
}
