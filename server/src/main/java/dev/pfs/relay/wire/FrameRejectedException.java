package dev.pfs.relay.wire;

import java.util.Objects;

/**
 * A frame the relay refuses. Carries the error to report and the frame's cid, so the relay can
 * answer {@code {rid, error}} when there is one and close the connection otherwise.
 */
public final class FrameRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final RelayError error;
    private final long cid;

    /**
     * @param cid the frame's call id, or {@link InboundFrame#NO_CID}
     * @param message what was expected and what came; never the payload itself
     */
    public FrameRejectedException(RelayError error, long cid, String message) {
        super(message, null, false, false); // no stack trace: rejections are routine and cheap
        this.error = Objects.requireNonNull(error, "error");
        this.cid = cid;
    }

    public RelayError error() {
        return error;
    }

    /** The cid to answer, or {@link InboundFrame#NO_CID}. */
    public long cid() {
        return cid;
    }
}
