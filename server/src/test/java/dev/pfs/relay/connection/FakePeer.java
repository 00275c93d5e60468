package dev.pfs.relay.connection;

import dev.pfs.relay.wire.OutboundFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory {@link Peer}: records frames and closes; completes sends at once unless told to
 * hold them, and then completes them on {@link #completeOne}. Checks that the relay never has two
 * sends in flight.
 */
final class FakePeer implements Peer {
    final List<String> sent = new ArrayList<>();
    /** The number of frames in each send. */
    final List<Integer> batches = new ArrayList<>();
    final List<SendCallback> inFlight = new ArrayList<>();
    int closeCode;
    String closeReason;
    boolean holdSends;

    @Override
    public synchronized void send(List<OutboundFrame> frames, SendCallback done) {
        if (!inFlight.isEmpty()) {
            throw new AssertionError("a second send while one is in flight");
        }
        if (frames.isEmpty()) {
            throw new AssertionError("an empty batch");
        }
        batches.add(frames.size());
        frames.forEach(frame -> sent.add(frame.text()));
        if (holdSends) {
            inFlight.add(done);
        } else {
            done.sent(null);
        }
    }

    /** Completes the send in flight (which may start the next one). */
    void completeOne(Throwable failure) {
        SendCallback done;
        synchronized (this) {
            done = inFlight.remove(0);
        }
        done.sent(failure);
    }

    @Override
    public synchronized void close(int code, String reason) {
        closeCode = code;
        closeReason = reason;
    }

    synchronized List<String> sent() {
        return List.copyOf(sent);
    }
}
