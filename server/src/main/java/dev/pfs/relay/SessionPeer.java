package dev.pfs.relay;

import dev.pfs.relay.connection.Peer;
import dev.pfs.relay.wire.OutboundFrame;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link Peer} over a Jakarta WebSocket session, sending with its asynchronous remote: the
 * frames of a batch one after the other, each started from the completion of the one before.
 */
final class SessionPeer implements Peer {
    private static final Logger LOG = Logger.getLogger(SessionPeer.class.getName());

    private final Session session;
    private final RemoteEndpoint.Async remote;

    SessionPeer(Session session) {
        this.session = session;
        this.remote = session.getAsyncRemote();
    }

    @Override
    public void send(List<OutboundFrame> frames, SendCallback done) {
        sendFrom(frames, 0, done);
    }

    private void sendFrom(List<OutboundFrame> frames, int index, SendCallback done) {
        remote.sendText(frames.get(index).text(), result -> {
            if (!result.isOK()) {
                done.sent(result.getException());
            } else if (index + 1 < frames.size()) {
                sendFrom(frames, index + 1, done); // a batch is short: bounded recursion
            } else {
                done.sent(null);
            }
        });
    }

    @Override
    public void close(int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "closing session " + session.getId() + " failed", e);
        }
    }
}
