package dev.pfs.bench;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator's WebSocket client: a few {@link WsLoop} selector threads shared by all its
 * connections, so thousands of connections cost no more threads than one.
 *
 * <p>Why not the JDK's {@code java.net.http.WebSocket}, which the benchmark used first: per
 * frame it hands the bytes from its selector thread to an executor, decodes them to a
 * {@code CharBuffer}, and needs a future; the stamp was then found in a copy of the text. At
 * maximum rate that cost 13-27 us of CPU per delivery, as much as the relays being measured, so
 * it set the pace. This client reads frames in place from one buffer per thread and the stamp
 * from the bytes (no decoding), and writes from the sending thread. Netty would do the same
 * with a dependency and more layers; RFC 6455's client side is small enough to own.
 */
public final class WsClient implements AutoCloseable {
    /** Threads when not told otherwise: one, for a load generator confined to one core. */
    public static final int DEFAULT_THREADS = Integer.getInteger("bench.ioThreads", 1);

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final WsLoop[] loops;
    private final Set<WsSocket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger next = new AtomicInteger();

    /** A client with {@code threads} selector threads. */
    public WsClient(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("need at least one thread; got " + threads);
        }
        int client = CLIENTS.incrementAndGet();
        loops = new WsLoop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new WsLoop("bench-ws-" + client + "-" + (i + 1));
        }
    }

    /** A client with {@link #DEFAULT_THREADS} threads. */
    public WsClient() {
        this(DEFAULT_THREADS);
    }

    /**
     * Connects to {@code uri} ({@code ws://} only) and completes when the opening handshake is
     * accepted; {@code listener} hears the connection's messages on its selector thread.
     */
    CompletableFuture<WsSocket> open(URI uri, WsSocket.Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (!"ws".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("expected a ws:// URL, got " + uri);
        }
        WsLoop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        SocketChannel channel;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            // Small frames go at once, as a WebSocket client's should (the JDK's sets it too).
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        WsSocket[] self = new WsSocket[1];
        WsSocket socket = new WsSocket(loop, channel, uri, listener,
                () -> sockets.remove(self[0]));
        self[0] = socket;
        sockets.add(socket);
        loop.execute(socket::start);
        return socket.opened();
    }

    /** Drops every connection still open and stops the threads. */
    @Override
    public void close() {
        List<WsSocket> open = new ArrayList<>(sockets);
        open.forEach(WsSocket::abort);
        for (WsLoop loop : loops) {
            loop.close();
        }
    }
}
