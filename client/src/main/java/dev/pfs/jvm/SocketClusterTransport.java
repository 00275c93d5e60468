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
 * silent for longer than the relay's ping timeout plus 5 s counts as lost.
 *
 * <p>Listener calls come one at a time from the transport's own threads; the owner hands them
 * to the device's thread. A publish while disconnected is dropped: the protocol resends.
 */
public final class SocketClusterTransport implements Transport {
    private static final long FIRST_BACKOFF_MILLIS = 500;
    private static final long MAX_BACKOFF_MILLIS = 15_000;
    private static final long DEFAULT_PING_TIMEOUT_MILLIS = 20_000;
    private static final long SILENCE_SLACK_MILLIS = 5_000;

    private final URI relay;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final Random jitter = new Random();
    private final Set<String> channels = new LinkedHashSet<>();

    private TransportListener listener;
    private WebSocket socket;
    private SocketClusterSession session;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private ScheduledFuture<?> watchdog;
    private long silenceLimitMillis = DEFAULT_PING_TIMEOUT_MILLIS + SILENCE_SLACK_MILLIS;
    private int attempt;
    private long generation;
    private boolean closed;

    /** @param relay e.g. {@code ws://127.0.0.1:8080/socketcluster/} */
    public SocketClusterTransport(URI relay) {
        this.relay = Objects.requireNonNull(relay, "relay");
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
        http.newWebSocketBuilder().buildAsync(relay, new Listener(current))
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
