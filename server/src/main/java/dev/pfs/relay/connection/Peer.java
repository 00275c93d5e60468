package dev.pfs.relay.connection;

import dev.pfs.relay.wire.OutboundFrame;
import java.util.List;

/**
 * The far end of one WebSocket connection, as the relay needs it: send text frames without
 * blocking, and close. The container adapter implements it over a Jakarta WebSocket session;
 * unit tests implement it in memory.
 */
public interface Peer {
    /**
     * Starts sending text frames, in order, each its own WebSocket message, and returns without
     * waiting for the network. Calls {@code done} exactly once, when all are written or one has
     * failed, possibly before this method returns. The relay never calls it again before
     * {@code done} ran.
     *
     * @param frames at least one frame
     */
    void send(List<OutboundFrame> frames, SendCallback done);

    /** Starts closing with a WebSocket close code and a reason of at most 123 UTF-8 bytes. */
    void close(int code, String reason);

    /** The outcome of one {@link Peer#send}. */
    @FunctionalInterface
    interface SendCallback {
        /** @param failure why a frame was not written, or null if all were */
        void sent(Throwable failure);
    }
}
