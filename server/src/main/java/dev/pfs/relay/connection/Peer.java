package dev.pfs.relay.connection;

import dev.pfs.relay.wire.OutboundFrame;

/**
 * The far end of one WebSocket connection, as the relay needs it: send a text frame without
 * blocking, and close. The container adapter implements it over a Jakarta WebSocket session;
 * unit tests implement it in memory.
 */
public interface Peer {
    /**
     * Starts sending one text frame and returns without waiting for the network. Calls
     * {@code done} exactly once when the frame is written or has failed, possibly before this
     * method returns. The relay never calls it again before {@code done} ran.
     */
    void send(OutboundFrame frame, SendCallback done);

    /** Starts closing with a WebSocket close code and a reason of at most 123 UTF-8 bytes. */
    void close(int code, String reason);

    /** The outcome of one {@link Peer#send}. */
    @FunctionalInterface
    interface SendCallback {
        /** @param failure why the frame was not written, or null if it was */
        void sent(Throwable failure);
    }
}
