package dev.pfs.relay.connection;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's WebSocket connection as the relay tracks it: its outbound queue, its
 * subscriptions, its publish budget and when it was last heard from. Created by
 * {@link Relay#open}; the container adapter only hands it back to the relay.
 */
public final class Connection {
    private final String id;
    private final Peer peer;
    final OutboundQueue outbound;
    final TokenBucket publishBudget;
    /** Rejections logged at WARNING: one a second, after a first ten. */
    final TokenBucket rejectionLogBudget;
    /** The channels this connection is subscribed to: bounds them and frees them on close. */
    final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean handshaken;
    private volatile long lastHeardNanos;

    Connection(String id, Peer peer, OutboundQueue.Factory outbound, TokenBucket publishBudget,
            long nowNanos) {
        this.id = id;
        this.peer = peer;
        this.outbound = outbound.create(peer, this);
        this.publishBudget = publishBudget;
        this.rejectionLogBudget = new TokenBucket(1, 10, nowNanos);
        this.lastHeardNanos = nowNanos;
    }

    /** The id the handshake reports to the client. */
    public String id() {
        return id;
    }

    Peer peer() {
        return peer;
    }

    boolean isHandshaken() {
        return handshaken;
    }

    void handshake() {
        handshaken = true;
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    void heard(long nowNanos) {
        lastHeardNanos = nowNanos;
    }

    /** True once the relay or the peer started closing; nothing more is sent then. */
    public boolean isClosing() {
        return closing.get();
    }

    /** Marks the connection closing; true for the first caller only. */
    boolean startClosing() {
        return closing.compareAndSet(false, true);
    }

    /** Marks its resources released; true for the first caller only. */
    boolean startRelease() {
        return released.compareAndSet(false, true);
    }

    @Override
    public String toString() {
        return "connection " + id;
    }
}
