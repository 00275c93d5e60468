package dev.pfs.relay;

import dev.pfs.relay.connection.Connection;
import dev.pfs.relay.connection.Peer;
import dev.pfs.relay.connection.Relay;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The relay's WebSocket endpoint at the path socketcluster-client connects to. One instance per
 * connection; it only adapts the Jakarta WebSocket callbacks to {@link Relay}, which holds the
 * protocol.
 */
@ServerEndpoint("/socketcluster/")
public class RelayEndpoint {
    private static final Logger LOG = Logger.getLogger(RelayEndpoint.class.getName());
    /** False once the container turned out to lack the Tyrus classes of {@link TyrusWriterPeer}. */
    private static volatile boolean tyrusWriterLinks = true;

    @Inject
    RelayRuntime runtime;

    private Relay relay;
    private Connection connection;

    @OnOpen
    public void open(Session session) {
        relay = runtime.relay();
        // The container's own limit on a message sent in fragments is unbounded by default: one
        // never-ending fragmented message would fill the heap before the relay saw any of it. A
        // char is at least one UTF-8 byte, so this refuses no message the relay would accept.
        session.setMaxTextMessageBufferSize(relay.settings().maxFrameBytes());
        boolean idleTimerBypassed = IdleTimerBypass.install(session);
        Optional<Peer> direct = relay.settings().directFrameWrites()
                ? tyrusWriterPeer(session) : Optional.empty();
        runtime.sessionOpened(idleTimerBypassed, direct.isPresent());
        connection = relay.open(session.getId(), direct.orElseGet(() -> new SessionPeer(session)));
    }

    private static Optional<Peer> tyrusWriterPeer(Session session) {
        if (!tyrusWriterLinks) {
            return Optional.empty();
        }
        try {
            return TyrusWriterPeer.of(session);
        } catch (LinkageError e) {
            tyrusWriterLinks = false;
            LOG.warning("the container's Tyrus writer is out of the application's reach: frames"
                    + " are sent through the standard API, encoded once per receiver: " + e);
            return Optional.empty();
        }
    }

    @OnMessage
    public void text(String text) {
        relay.receiveText(connection, text);
    }

    /** Partial delivery, so a large binary frame is refused at its first part, not buffered. */
    @OnMessage
    public void binary(ByteBuffer part, boolean last) {
        relay.receiveBinary(connection);
    }

    @OnClose
    public void close(CloseReason reason) {
        LOG.fine(() -> connection + " closed by " + reason.getCloseCode().getCode());
        relay.closed(connection);
    }

    @OnError
    public void error(Throwable failure) {
        // The container closes the session after this; @OnClose frees the connection. A peer
        // vanishing is routine; anything else is a failure of ours.
        LOG.log(failure instanceof IOException ? Level.FINE : Level.WARNING,
                connection + ": " + failure, failure);
    }
}
