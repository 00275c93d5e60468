package dev.pfs.relay.wire;

import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * One event a client sent, {@code {event, data, cid}}, after {@link FrameReader} checked its shape.
 *
 * @param event the event name, e.g. {@code #publish}
 * @param data the event's data, or null when the frame had none
 * @param cid the call id to answer with {@code rid}, or {@link #NO_CID}
 * @param textLength the length of the frame's text, a hint for what is written from it
 */
public record InboundFrame(String event, JsonValue data, long cid, int textLength) {
    /** The frame had no cid: it expects no answer. */
    public static final long NO_CID = -1;

    public InboundFrame {
        Objects.requireNonNull(event, "event");
    }

    public boolean hasCid() {
        return cid != NO_CID;
    }

    /** A rejection of this frame, answered through its cid if it has one. */
    public FrameRejectedException reject(RelayError error, String message) {
        return new FrameRejectedException(error, cid, message);
    }
}
