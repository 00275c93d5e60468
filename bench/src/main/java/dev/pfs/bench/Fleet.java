package dev.pfs.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's connections to one relay: opened and handshaken a bounded number at a
 * time, closed together. All share one {@link WsClient} ({@link WsClient#DEFAULT_THREADS}
 * selector threads, one unless told otherwise), so the load generator's thread count does not
 * grow with the number of connections.
 */
public final class Fleet implements AutoCloseable {
    private static final int OPENING_AT_ONCE = 200;
    private static final long STEP_TIMEOUT_SECONDS = 30;

    private final URI uri;
    private final ErrorCounts errors;
    private final WsClient client = new WsClient();
    private final List<ScConnection> connections = new ArrayList<>();

    /** A fleet targeting {@code uri}, counting errors into {@code errors}. */
    public Fleet(URI uri, ErrorCounts errors) {
        this.uri = uri;
        this.errors = errors;
    }

    /**
     * Opens and handshakes {@code count} connections with ids {@code firstId...}, at most
     * {@value #OPENING_AT_ONCE} at a time. Connections that fail to open or handshake are counted
     * in the errors and left out of the result.
     */
    public List<ScConnection> open(int firstId, int count, ScConnection.DeliveryHandler handler)
            throws InterruptedException {
        Semaphore slots = new Semaphore(OPENING_AT_ONCE);
        List<CompletableFuture<ScConnection>> opening = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            slots.acquire();
            CompletableFuture<ScConnection> connected = ScConnection
                    .open(client, uri, firstId + i, handler, errors)
                    .thenCompose(c -> c.handshake().thenApply(reply -> c))
                    .orTimeout(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            connected.whenComplete((c, failure) -> slots.release());
            opening.add(connected);
        }
        List<ScConnection> opened = new ArrayList<>(count);
        for (CompletableFuture<ScConnection> connected : opening) {
            try {
                opened.add(connected.join());
            } catch (RuntimeException e) {
                errors.record("connect/handshake failed: "
                        + ScConnection.rootCause(e).getClass().getSimpleName());
            }
        }
        synchronized (connections) {
            connections.addAll(opened);
        }
        return opened;
    }

    /** Closes every connection normally, aborting those that have not closed within 15 s. */
    @Override
    public void close() {
        List<ScConnection> all;
        synchronized (connections) {
            all = new ArrayList<>(connections);
            connections.clear();
        }
        CompletableFuture<?>[] closing = all.stream().map(ScConnection::close)
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closing).get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The stragglers are aborted below; a relay slow to close is not the load's error.
        }
        all.forEach(ScConnection::abort);
        client.close();
    }
}
