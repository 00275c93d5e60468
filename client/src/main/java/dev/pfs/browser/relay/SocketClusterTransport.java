package dev.pfs.browser.relay;

import dev.pfs.browser.js.Js;
import dev.pfs.transport.Transport;
import dev.pfs.transport.TransportListener;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.Window;
import org.teavm.jso.dom.events.MessageEvent;
import org.teavm.jso.websocket.CloseEvent;
import org.teavm.jso.websocket.WebSocket;

/**
 * {@link Transport} over the browser's WebSocket, speaking the SocketCluster protocol to the
 * relay: {@code #handshake}, {@code #subscribe}, {@code #unsubscribe}, {@code #publish}, and the
 * heartbeat of both protocol versions (protocol 2's empty-string ping answered with an empty
 * string, protocol 1's "#1" answered with "#2").
 *
 * <p>A dropped connection (closed socket, or no frame within the relay's ping timeout) is retried
 * after a {@link Backoff} delay; after each reconnect every channel is subscribed again before the
 * listener hears {@code onConnected}, so the protocol can announce itself again. So is an attempt
 * that is not ready within the handshake timeout, counted from the new socket: the WebSocket
 * upgrade, the {@code #handshake} reply and every subscription's reply must come within it. A
 * relay that takes the connection and then says nothing would otherwise hold the page at
 * "connecting" until the socket closes, which may be never; the page hears of each such attempt.
 *
 * <p>Listener calls run on the given executor (the page's event loop), one at a time.
 */
public final class SocketClusterTransport implements Transport {
    /** Close code SocketCluster uses when the relay's pings stopped arriving. */
    private static final int CLOSE_PING_TIMEOUT = 4000;
    /** Close code SocketCluster uses when establishing the connection timed out. */
    private static final int CLOSE_NOT_ANSWERED = 4007;
    private static final int DEFAULT_PING_TIMEOUT_MILLIS = 20000;

    private final String url;
    private final Executor events;
    private final Backoff backoff;
    private final int handshakeTimeoutMillis;
    private final Consumer<String> onNotAnswered;
    private final Set<String> channels = new LinkedHashSet<>();
    private final Map<Integer, ReplyHandler> awaitingReply = new HashMap<>();
    private TransportListener listener;
    private WebSocket socket;
    /** The current socket's WebSocket upgrade is done. */
    private boolean upgraded;
    /** The current socket's handshake is answered. */
    private boolean open;
    private boolean closed;
    private int nextCid = 1;
    private int pendingSubscriptions;
    private int pingTimeoutMillis = DEFAULT_PING_TIMEOUT_MILLIS;
    private int watchdogTimer = -1;
    private int reconnectTimer = -1;
    private int handshakeTimer = -1;

    /**
     * @param url the relay's endpoint, e.g. {@code ws://127.0.0.1:8080/socketcluster/}
     * @param events where listener calls run
     * @param handshakeTimeoutMillis how long an attempt may take from the new socket until the
     *        handshake and every subscription are answered
     * @param onNotAnswered told (on {@code events}) why an attempt ran out of that time; the
     *        next attempt follows the backoff
     */
    public SocketClusterTransport(String url, Executor events, Backoff backoff,
            int handshakeTimeoutMillis, Consumer<String> onNotAnswered) {
        this.url = Objects.requireNonNull(url, "url");
        this.events = Objects.requireNonNull(events, "events");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        if (handshakeTimeoutMillis <= 0) {
            throw new IllegalArgumentException("handshake timeout " + handshakeTimeoutMillis
                    + " ms; expected more than 0");
        }
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.onNotAnswered = Objects.requireNonNull(onNotAnswered, "onNotAnswered");
    }

    /** The relay endpoint of the server this page came from. */
    @JSBody(script = "return (location.protocol === 'https:' ? 'wss://' : 'ws://')"
            + " + location.host + '/socketcluster/';")
    public static native String relayUrlOfThisPage();

    @Override
    public void connect(TransportListener listener) {
        if (this.listener != null) {
            throw new IllegalStateException("already connected");
        }
        this.listener = Objects.requireNonNull(listener, "listener");
        openSocket();
    }

    @Override
    public void subscribe(String channel) {
        Objects.requireNonNull(channel, "channel");
        if (channels.add(channel) && open) {
            sendSubscribe(channel, null);
        }
    }

    @Override
    public void unsubscribe(String channel) {
        Objects.requireNonNull(channel, "channel");
        if (channels.remove(channel) && open) {
            send("#unsubscribe", stringValue(channel), null);
        }
    }

    /**
     * Publishes when connected; while the connection is down the message is dropped, as the relay
     * drops it for an absent subscriber. The protocol announces itself again after
     * {@code onConnected} and the peer repeats what we missed.
     */
    @Override
    public void publish(String channel, String data) {
        Objects.requireNonNull(channel, "channel");
        JSObject value = Js.parseJsonOrNull(Objects.requireNonNull(data, "data"));
        if (value == null) {
            throw new IllegalArgumentException("publish data is not JSON text");
        }
        if (open) {
            send("#publish", publishData(channel, value), null);
        }
    }

    @Override
    public void close() {
        closed = true;
        open = false;
        cancelTimers();
        if (socket != null) {
            socket.close(1000, "closed by the device");
            socket = null;
        }
    }

    private void openSocket() {
        reconnectTimer = -1;
        WebSocket created = new WebSocket(url);
        socket = created;
        upgraded = false;
        handshakeTimer = Window.setTimeout(() -> {
            handshakeTimer = -1;
            if (socket == created) {
                notAnswered(created);
            }
        }, handshakeTimeoutMillis);
        created.onOpen(event -> {
            if (socket == created) {
                upgraded = true;
                handshake();
            }
        });
        created.onMessage(event -> {
            if (socket == created) {
                onFrame(((MessageEvent) event).getDataAsString());
            }
        });
        created.onClose(event -> {
            if (socket == created) {
                CloseEvent close = (CloseEvent) event;
                connectionLost("connection closed (" + close.getCode() + ")");
            }
        });
    }

    private void handshake() {
        send("#handshake", handshakeData(), reply -> {
            if (Js.isMissing(reply.error())) {
                int timeout = reply.pingTimeout();
                pingTimeoutMillis = timeout > 0 ? timeout : DEFAULT_PING_TIMEOUT_MILLIS;
                open = true;
                resetWatchdog();
                subscribeAll();
            } else {
                failConnection("handshake refused: " + Js.toJson(reply.error()));
            }
        });
    }

    private void subscribeAll() {
        pendingSubscriptions = channels.size();
        if (pendingSubscriptions == 0) {
            announceConnected();
            return;
        }
        for (String channel : channels) {
            sendSubscribe(channel, () -> {
                pendingSubscriptions--;
                if (pendingSubscriptions == 0) {
                    announceConnected();
                }
            });
        }
    }

    private void sendSubscribe(String channel, Runnable onSubscribed) {
        send("#subscribe", subscribeData(channel), reply -> {
            if (!Js.isMissing(reply.error())) {
                failConnection("subscribe to " + channel + " refused: "
                        + Js.toJson(reply.error()));
            } else if (onSubscribed != null) {
                onSubscribed.run();
            }
        });
    }

    private void announceConnected() {
        if (handshakeTimer >= 0) {
            Window.clearTimeout(handshakeTimer);
            handshakeTimer = -1;
        }
        backoff.reset();
        TransportListener target = listener;
        events.execute(target::onConnected);
    }

    private void onFrame(String text) {
        resetWatchdog();
        if (text.isEmpty()) {
            socket.send("");
            return;
        }
        if (text.equals("#1")) {
            socket.send("#2");
            return;
        }
        JSObject parsed = Js.parseJsonOrNull(text);
        if (!isObject(parsed)) {
            return;
        }
        Frame frame = parsed.cast();
        if (frame.hasRid()) {
            ReplyHandler handler = awaitingReply.remove(frame.rid());
            if (handler != null) {
                handler.onReply(frame);
            }
        } else if ("#publish".equals(frame.event())) {
            onPublish(frame.data());
        }
    }

    private void onPublish(JSObject data) {
        String channel = publishedChannel(data);
        if (channel == null || !channels.contains(channel)) {
            return;
        }
        String json = publishedJson(data);
        TransportListener target = listener;
        events.execute(() -> target.onMessage(channel, json));
    }

    /** The attempt ran out of time: close it, tell the page, try again after the backoff. */
    private void notAnswered(WebSocket attempt) {
        String what = !upgraded ? "the WebSocket upgrade"
                : !open ? "the handshake" : "the subscriptions";
        String reason = "no answer to " + what + " within " + handshakeTimeoutMillis + " ms";
        connectionLost(reason);
        attempt.close(CLOSE_NOT_ANSWERED, "no answer");
        events.execute(() -> onNotAnswered.accept(reason));
    }

    private void failConnection(String reason) {
        WebSocket failed = socket;
        connectionLost(reason);
        if (failed != null) {
            failed.close(1000, "");
        }
    }

    private void connectionLost(String reason) {
        boolean wasOpen = open;
        open = false;
        socket = null;
        pendingSubscriptions = 0;
        awaitingReply.clear();
        cancelTimers();
        if (closed) {
            return;
        }
        if (wasOpen) {
            TransportListener target = listener;
            events.execute(() -> target.onDisconnected(reason));
        }
        reconnectTimer = Window.setTimeout(this::openSocket, (int) backoff.nextDelayMillis());
    }

    private void resetWatchdog() {
        if (watchdogTimer >= 0) {
            Window.clearTimeout(watchdogTimer);
        }
        WebSocket watched = socket;
        watchdogTimer = Window.setTimeout(() -> {
            watchdogTimer = -1;
            if (socket == watched && watched != null) {
                connectionLost("no ping from the relay within " + pingTimeoutMillis + " ms");
                watched.close(CLOSE_PING_TIMEOUT, "ping timeout");
            }
        }, pingTimeoutMillis);
    }

    private void cancelTimers() {
        if (watchdogTimer >= 0) {
            Window.clearTimeout(watchdogTimer);
            watchdogTimer = -1;
        }
        if (reconnectTimer >= 0) {
            Window.clearTimeout(reconnectTimer);
            reconnectTimer = -1;
        }
        if (handshakeTimer >= 0) {
            Window.clearTimeout(handshakeTimer);
            handshakeTimer = -1;
        }
    }

    private void send(String event, JSObject data, ReplyHandler onReply) {
        int cid = nextCid++;
        if (onReply != null) {
            awaitingReply.put(cid, onReply);
        }
        socket.send(frame(event, data, cid));
    }

    private interface ReplyHandler {
        void onReply(Frame reply);
    }

    /** A parsed SocketCluster frame: an event {event, data, cid} or a reply {rid, data, error}. */
    private interface Frame extends JSObject {
        @JSBody(script = "return typeof this.rid === 'number';")
        boolean hasRid();

        @JSBody(script = "return this.rid;")
        int rid();

        @JSBody(script = "return typeof this.event === 'string' ? this.event : null;")
        String event();

        @JSBody(script = "return this.data;")
        JSObject data();

        @JSBody(script = "return this.error;")
        JSObject error();

        @JSBody(script = "return this.data && typeof this.data.pingTimeout === 'number'"
                + " ? this.data.pingTimeout : 0;")
        int pingTimeout();
    }

    @JSBody(params = "value", script = "return typeof value === 'object' && value !== null;")
    private static native boolean isObject(JSObject value);

    @JSBody(params = {"event", "data", "cid"},
            script = "return JSON.stringify({ event: event, data: data, cid: cid });")
    private static native String frame(String event, JSObject data, int cid);

    @JSBody(script = "return { authToken: null };")
    private static native JSObject handshakeData();

    @JSBody(params = "channel", script = "return { channel: channel };")
    private static native JSObject subscribeData(String channel);

    @JSBody(params = {"channel", "value"}, script = "return { channel: channel, data: value };")
    private static native JSObject publishData(String channel, JSObject value);

    @JSBody(params = "text", script = "return text;")
    private static native JSObject stringValue(String text);

    @JSBody(params = "data", script = "return data && typeof data.channel === 'string'"
            + " && data.data !== undefined ? data.channel : null;")
    private static native String publishedChannel(JSObject data);

    @JSBody(params = "data", script = "return JSON.stringify(data.data);")
    private static native String publishedJson(JSObject data);
}
