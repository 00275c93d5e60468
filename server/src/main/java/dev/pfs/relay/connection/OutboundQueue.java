package dev.pfs.relay.connection;

import dev.pfs.relay.wire.OutboundFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The frames waiting to go to one connection, sent one batch at a time.
 *
 * <p>Why: the container's asynchronous send queues without bound once a peer stops reading, and
 * two sends in flight could interleave. Here at most one send is in flight; the next one starts
 * from the completion of the previous. {@link #offer} never blocks and never waits for the
 * network, so a publisher fanning out to a stuck subscriber is not held up: the stuck
 * subscriber's queue fills, and the caller closes it.
 *
 * <p>Sending starts on the {@code sender} executor, not on the offering thread, and each send
 * takes every frame that waits by then, up to {@link #MAX_BATCH_FRAMES} and
 * {@link #MAX_BATCH_CHARS}, as one write. Why: a write and its flush cost the container far more
 * than the frame's bytes (performance.md). A publisher fanning out a burst of publishes hands
 * each subscriber's frames over as they come, and while the sender threads are busy the frames
 * of several publishes collect in each queue and go out together; when the relay is idle a frame
 * goes out alone, at once.
 *
 * <p>Lock-free: any thread may offer. Whichever thread wins the {@code sending} flag starts the
 * sending; a send that completes inline (the socket took the bytes at once) is continued by the
 * loop in {@link #sendUntilInFlight} rather than by recursion, so a long queue cannot grow the
 * stack, and a send that completes later is continued by the thread that completes it.
 */
final class OutboundQueue {
    static final int MAX_BATCH_FRAMES = 64;
    /** A bound on a batch's text (a frame past it goes in the next batch, or alone). */
    static final int MAX_BATCH_CHARS = 64 * 1024;
    private static final int PENDING = 0;
    private static final int COMPLETED_INLINE = 1;
    private static final int LEFT_IN_FLIGHT = 2;

    private final Peer peer;
    private final int capacity;
    private final Executor sender;
    private final Consumer<Throwable> onSendFailure;
    private final ConcurrentLinkedQueue<OutboundFrame> frames = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    /** Settles who continues after a send: the sending loop or the completion callback. */
    private final AtomicInteger handoff = new AtomicInteger();
    private volatile boolean shutDown;

    /**
     * @param capacity frames that may wait (the one in flight not counted)
     * @param sender runs the start of sending after an offer found the queue idle
     * @param onSendFailure told once when a send fails; the queue is shut down by then
     */
    OutboundQueue(Peer peer, int capacity, Executor sender, Consumer<Throwable> onSendFailure) {
        this.peer = peer;
        this.capacity = capacity;
        this.sender = sender;
        this.onSendFailure = onSendFailure;
    }

    /**
     * Queues a frame and starts sending if nothing is in flight.
     *
     * @return false if {@code capacity} frames are already waiting (the frame is not queued);
     *     true otherwise, also when the queue is shut down and the frame silently dropped
     */
    boolean offer(OutboundFrame frame) {
        if (shutDown) {
            return true;
        }
        if (waiting.incrementAndGet() > capacity) {
            waiting.decrementAndGet();
            return false;
        }
        frames.add(frame);
        if (sending.compareAndSet(false, true)) {
            startSending();
        }
        return true;
    }

    private void startSending() {
        try {
            sender.execute(this::drain);
        } catch (RejectedExecutionException e) {
            drain(); // the sender is shutting down with the relay: send from here
        }
    }

    /** Drops every waiting frame and accepts no more; a frame in flight still completes. */
    void shutDown() {
        shutDown = true;
        frames.clear();
    }

    /** Frames waiting, not counting one in flight. */
    int waiting() {
        return waiting.get();
    }

    /** Makes the queue of a new connection; lets the relay decide what a failed send does. */
    @FunctionalInterface
    interface Factory {
        OutboundQueue create(Peer peer, Connection connection);
    }

    /** Sends until a send is left in flight or nothing waits; called holding the flag. */
    private void drain() {
        do {
            if (sendUntilInFlight()) {
                return; // its completion goes on
            }
            sending.set(false);
            // a frame that came after our last poll, while its offer lost the flag, is ours
        } while (!frames.isEmpty() && sending.compareAndSet(false, true));
    }

    /** Sends while sends complete inline; true if one is left in flight. */
    private boolean sendUntilInFlight() {
        List<OutboundFrame> batch;
        while (!shutDown && !(batch = takeBatch()).isEmpty()) {
            handoff.set(PENDING);
            try {
                peer.send(batch, this::sent);
            } catch (RuntimeException e) {
                sent(e);
            }
            if (handoff.compareAndSet(PENDING, LEFT_IN_FLIGHT)) {
                return true;
            }
        }
        return false;
    }

    /** The frames waiting now, oldest first, within the batch bounds; empty if none. */
    private List<OutboundFrame> takeBatch() {
        OutboundFrame first = frames.poll();
        if (first == null) {
            return List.of();
        }
        waiting.decrementAndGet();
        OutboundFrame next = frames.peek();
        if (next == null || first.text().length() + next.text().length() > MAX_BATCH_CHARS) {
            return List.of(first);
        }
        List<OutboundFrame> batch = new ArrayList<>();
        batch.add(first);
        int chars = first.text().length();
        while (batch.size() < MAX_BATCH_FRAMES && (next = frames.peek()) != null
                && chars + next.text().length() <= MAX_BATCH_CHARS) {
            // Only the sending thread polls; shutDown may have cleared the queue meanwhile.
            OutboundFrame taken = frames.poll();
            if (taken == null) {
                break;
            }
            waiting.decrementAndGet();
            batch.add(taken);
            chars += taken.text().length();
        }
        return batch;
    }

    private void sent(Throwable failure) {
        if (failure != null) {
            shutDown();
            onSendFailure.accept(failure);
        }
        if (handoff.compareAndSet(PENDING, COMPLETED_INLINE)) {
            return; // sendUntilInFlight is still in its loop and goes on
        }
        drain(); // the flag is still held for the send that just completed
    }
}
