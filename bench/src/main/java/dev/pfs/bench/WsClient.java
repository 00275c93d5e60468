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
 * {@code CharBuffer} and needs a future, and the stamp was then found in a copy of the text. At
 * maximum rate that cost 10-40 us of CPU per delivery (400-490 us at 60 KiB), as much as the
 * relays or more, so it set the pace. This client reads frames in place from one buffer per
 * thread and the stamp from the bytes (no decoding), writes from the sending thread, and spends
 * 3.4-7.8 us per delivery up to 4 KiB and 31 us at 60 KiB (2-core machine, bench/run, pinned).
 * Why not Netty: of what is left, about 70 % is the kernel's (TCP receive, epoll, scheduling)
 * and 15 % this code's, so Netty, which makes the same system calls, could save little of it,
 * and would bring a dependency and its layers. RFC 6455's client side is small enough to own.
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
