package dev.pfs.relay;

import dev.pfs.relay.connection.Peer;
import dev.pfs.relay.wire.OutboundFrame;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A {@link Peer} over a Jakarta WebSocket session, sending with its asynchronous remote. */
final class SessionPeer implements Peer {
    private static final Logger LOG = Logger.getLogger(SessionPeer.class.getName());

    private final Session session;
    private final RemoteEndpoint.Async remote;

    SessionPeer(Session session) {
        this.session = session;
        this.remote = session.getAsyncRemote();
    }

    @Override
    public void send(OutboundFrame frame, SendCallback done) {
        remote.sendText(frame.text(),
                result -> done.sent(result.isOK() ? null : result.getException()));
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
