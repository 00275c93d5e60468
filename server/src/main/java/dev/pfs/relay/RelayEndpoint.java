package dev.pfs.relay;

import dev.pfs.relay.connection.Connection;
import dev.pfs.relay.connection.Peer;
import dev.pfs.relay.connection.Relay;
import dev.pfs.relay.wire.RelayError;
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
    /** The session's user property that holds its {@link Connection}. */
    private static final String CONNECTION = Connection.class.getName();
    /** What Tyrus throws when a message outgrows the session's buffer limits. */
    private static final String TYRUS_MESSAGE_TOO_BIG =
            "org.glassfish.tyrus.core.MessageTooBigException";
    /** False once the container turned out to lack the Tyrus classes of {@link TyrusWriterPeer}. */
    private static volatile boolean tyrusWriterLinks = true;
    /** False once the container turned out to lack the servlet classes of {@link UnmaskedReads}. */
    private static volatile boolean servletInputLinks = true;

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
        connection = relay.open(session.getId(), direct.orElseGet(() -> new SessionPeer(session)));
        session.getUserProperties().put(CONNECTION, connection);
        boolean bulkUnmasking = relay.settings().bulkUnmasking() && unmaskedReads(session);
        runtime.sessionOpened(new RelayRuntime.FastPaths(idleTimerBypassed, direct.isPresent(),
                bulkUnmasking));
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

    private boolean unmaskedReads(Session session) {
        if (!servletInputLinks) {
            return false;
        }
        Connection reading = connection;
        try {
            // Frames over the limit are dropped as they arrive instead of being buffered whole
            // by the container (up to 4 MiB each) and refused afterwards.
            return UnmaskedReads.install(session, relay.settings().maxFrameBytes(),
                    (why, announced) -> relay.receiveRefusedFrame(reading, why, announced));
        } catch (LinkageError e) {
            servletInputLinks = false;
            LOG.warning("the container's servlet input is out of the application's reach: it"
                    + " unmasks each inbound byte itself: " + e);
            return false;
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
    public void close(Session session, CloseReason reason) {
        Connection closed = connectionOf(session);
        if (closed != null) {
            LOG.fine(() -> closed + " closed by " + reason.getCloseCode().getCode());
            runtime.relay().closed(closed);
        }
    }

    @OnError
    public void error(Session session, Throwable failure) {
        // The container closes the session after this; @OnClose frees the connection. Tyrus may
        // call this on a new instance of the endpoint, so the connection comes from the session.
        Connection failed = connectionOf(session);
        if (failure.getClass().getName().equals(TYRUS_MESSAGE_TOO_BIG)) {
            // a fragmented message past relay.maxFrameBytes; the container closes with 1009
            runtime.relay().refusedByContainer(failed, RelayError.FRAME_TOO_LARGE,
                    failure.getMessage());
            return;
        }
        // A peer vanishing is routine; anything else is a failure of ours.
        LOG.log(failure instanceof IOException ? Level.FINE : Level.WARNING,
                (failed == null ? "a connection" : failed) + ": " + failure, failure);
    }

    /** The session's connection, or null if the session never got as far as having one. */
    private static Connection connectionOf(Session session) {
        return (Connection) session.getUserProperties().get(CONNECTION);
    }
}
