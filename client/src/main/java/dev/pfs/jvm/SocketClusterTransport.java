package dev.pfs.jvm;

import dev.pfs.transport.Transport;
import dev.pfs.transport.TransportListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Transport} over {@code java.net.http.WebSocket} speaking the SocketCluster protocol
 * (see {@link SocketClusterSession}). It reconnects after any loss with exponential backoff and
 * jitter (0.5 s doubling to 15 s, each delay scaled by a random factor in [0.5, 1)), subscribes
 * every channel again, and then reports {@link TransportListener#onConnected}. A connection
 * silent for longer than the relay's ping timeout plus 5 s counts as lost, and so does an
 * attempt that is not ready within the handshake timeout (10 s unless configured): the
 * WebSocket upgrade, the {@code #handshake} reply and every subscription's reply must all come
 * within it, or a relay that takes the connection and then says nothing would hold the device
 * forever (pings alone reset the silence watchdog, so it cannot tell).
 *
 * <p>Listener calls come one at a time from the transport's own threads; the owner hands them
 * to the device's thread. A publish while disconnected is dropped: the protocol resends.
 */
public final class SocketClusterTransport implements Transport {
    private static final long FIRST_BACKOFF_MILLIS = 500;
    private static final long MAX_BACKOFF_MILLIS = 15_000;
    private static final long DEFAULT_PING_TIMEOUT_MILLIS = 20_000;
    private static final long SILENCE_SLACK_MILLIS = 5_000;
    /**
     * The relay answers in milliseconds; 10 s leaves room for a slow network and TLS and is what
     * socketcluster-server allows by default for a handshake and for any reply
     * ({@code handshakeTimeout}, {@code ackTimeout}), while a person is not left waiting long.
     */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final URI relay;
    private final Duration handshakeTimeout;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final Random jitter = new Random();
    private final Set<String> channels = new LinkedHashSet<>();

    private TransportListener listener;
    private WebSocket socket;
    private SocketClusterSession session;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private ScheduledFuture<?> watchdog;
    private ScheduledFuture<?> handshakeTimer;
    private long silenceLimitMillis = DEFAULT_PING_TIMEOUT_MILLIS + SILENCE_SLACK_MILLIS;
    private int attempt;
    private long generation;
    private boolean closed;

    /** @param relay e.g. {@code ws://127.0.0.1:8080/socketcluster/} */
    public SocketClusterTransport(URI relay) {
        this(relay, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /**
     * @param relay e.g. {@code ws://127.0.0.1:8080/socketcluster/}
     * @param handshakeTimeout how long an attempt may take from its start until the handshake
     *        and every subscription are answered
     */
    public SocketClusterTransport(URI relay, Duration handshakeTimeout) {
        this.relay = Objects.requireNonNull(relay, "relay");
        this.handshakeTimeout = Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout " + handshakeTimeout
                    + "; expected a positive duration");
        }
        String scheme = relay.getScheme();
        if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
            throw new IllegalArgumentException("relay URI must start with ws:// or wss://, got "
                    + relay);
        }
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pfs-transport-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public synchronized void connect(TransportListener newListener) {
        this.listener = Objects.requireNonNull(newListener, "listener");
        open();
    }

    @Override
    public synchronized void subscribe(String channel) {
        channels.add(channel);
        if (session != null) {
            sendIfAny(session.subscribe(channel));
        }
    }

    @Override
    public synchronized void unsubscribe(String channel) {
        channels.remove(channel);
        if (session != null) {
            sendIfAny(session.unsubscribe(channel));
        }
    }

    @Override
    public synchronized void publish(String channel, String data) {
        if (session != null && session.isReady()) {
            send(session.publish(channel, data));
        }
    }

    /** Closes once the frames already handed to the socket have gone; does not wait. */
    @Override
    public void close() {
        closing();
    }

    /**
     * Closes after the frames already handed to the socket have gone, waiting at most
     * {@code timeout}: for a program that exits right after its last publish.
     *
     * @return whether every frame went out, and the close frame after them
     */
    public boolean flushAndClose(Duration timeout) {
        CompletableFuture<Boolean> done = closing();
        try {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the transport; completes with whether all pending frames and the close went. */
    private CompletableFuture<Boolean> closing() {
        WebSocket target;
        CompletableFuture<?> pending;
        synchronized (this) {
            closed = true;
            generation++;
            target = socket;
            pending = sending;
            socket = null;
            session = null;
            timer.shutdownNow();
        }
        if (target == null) {
            return CompletableFuture.completedFuture(true);
        }
        // Chained outside the lock: the sends' completions take it.
        return pending.handle((ignored, failure) -> failure == null)
                .thenCompose(sent -> target.sendClose(WebSocket.NORMAL_CLOSURE, "closing")
                        .handle((socket, failure) -> sent && failure == null));
    }

    // ---- connection life

    private void open() {
        if (closed) {
            return;
        }
        long current = ++generation;
        session = new SocketClusterSession(channels);
        long limit = handshakeTimeout.toMillis();
        handshakeTimer = timer.schedule(() -> notAnswered(current, limit), limit,
                TimeUnit.MILLISECONDS);
        // The JDK's own timeout, a little later, frees an upgrade that never got an answer.
        http.newWebSocketBuilder().connectTimeout(handshakeTimeout.plusSeconds(1))
                .buildAsync(relay, new Listener(current))
                .whenComplete((webSocket, failure) -> {
                    if (failure != null) {
                        lost(current, "could not connect to " + relay + ": "
                                + rootMessage(failure));
                    }
                });
    }

    private synchronized void opened(long current, WebSocket webSocket) {
        if (current != generation) {
            webSocket.abort();
            return;
        }
        socket = webSocket;
        sending = CompletableFuture.completedFuture(null);
        send(session.handshake());
        resetWatchdog(current);
    }

    private synchronized void received(long current, String text) {
        if (current != generation) {
            return;
        }
        resetWatchdog(current);
        boolean wasReady = session.isReady();
        SocketClusterSession.Output out = session.receive(text);
        for (String frame : out.frames) {
            send(frame);
        }
        if (out.pingTimeoutMillis > 0) {
            silenceLimitMillis = out.pingTimeoutMillis + SILENCE_SLACK_MILLIS;
            resetWatchdog(current);
        }
        if (out.failure != null) {
            lost(current, out.failure);
            return;
        }
        if (out.ready && !wasReady) {
            handshakeTimer.cancel(false);
            attempt = 0;
            listener.onConnected();
        }
        for (String[] message : out.messages) {
            listener.onMessage(message[0], message[1]);
        }
    }

    /** The connection is gone: report once, and try again after a backoff. */
    private synchronized void lost(long current, String reason) {
        if (current != generation || closed) {
            return;
        }
        generation++;
        boolean wasReady = session != null && session.isReady();
        if (socket != null) {
            socket.abort();
            socket = null;
        }
        session = null;
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        if (wasReady || attempt == 0) {
            listener.onDisconnected(reason);
        }
        long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt, 10));
        attempt++;
        long delay = (long) (backoff * (0.5 + jitter.nextDouble() / 2));
        timer.schedule(this::reopen, delay, TimeUnit.MILLISECONDS);
    }

    private synchronized void reopen() {
        open();
    }

    /** The attempt's time is up: lost, unless it became ready meanwhile. */
    private synchronized void notAnswered(long current, long limit) {
        if (current != generation || session == null || session.isReady()) {
            return;
        }
        String what = socket == null ? "the WebSocket upgrade"
                : session.isHandshakeDone() ? "the subscriptions" : "the handshake";
        lost(current, "the relay did not answer " + what + " within " + limit + " ms");
    }

    private void resetWatchdog(long current) {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        watchdog = timer.schedule(() -> lost(current, "the relay was silent for "
                + silenceLimitMillis + " ms"), silenceLimitMillis, TimeUnit.MILLISECONDS);
    }

    private void sendIfAny(String frame) {
        if (frame != null) {
            send(frame);
        }
    }

    /** Sends in order: the JDK WebSocket allows one outstanding send at a time. */
    private void send(String frame) {
        WebSocket target = socket;
        if (target == null) {
            return;
        }
        long current = generation;
        sending = sending.handle((ignored, earlier) -> null)
                .thenCompose(ignored -> target.sendText(frame, true))
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        lost(current, "send failed: " + rootMessage(failure));
                    }
                });
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /** The JDK WebSocket's callbacks for one connection attempt. */
    private final class Listener implements WebSocket.Listener {
        private final long current;
        private final StringBuilder partial = new StringBuilder();

        Listener(long current) {
            this.current = current;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            opened(current, webSocket);
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                received(current, text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            lost(current, "the relay closed the connection (" + statusCode
                    + (reason.isEmpty() ? "" : ", " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lost(current, "connection failed: " + rootMessage(error));
        }
    }
}
