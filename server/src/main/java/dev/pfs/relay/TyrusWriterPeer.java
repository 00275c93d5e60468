package dev.pfs.relay;

import dev.pfs.relay.connection.Peer;
import dev.pfs.relay.wire.OutboundFrame;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;

/**
 * A {@link Peer} that hands each frame's prepared bytes ({@link OutboundFrame#wire}) to the
 * connection's Tyrus writer, the layer below Tyrus's own text sends.
 *
 * <p>Why: Tyrus encodes each text it sends to UTF-8 with a char-by-char encoder and frames it
 * anew, once per receiver; with 4 KiB publishes that was most of the relay's CPU time
 * (performance.md). Here a publish is encoded and framed once and the same bytes are written to
 * every subscriber. A batch of frames is one write (and one flush) of their bytes back to
 * back.
 *
 * <p>Tyrus has no public way to write a prepared frame with a completion callback, so the writer
 * is read from the session's private fields by reflection (Tyrus 2.1). Where they are not there,
 * {@link #of} gives nothing and the relay uses {@link SessionPeer}, the standard API, instead.
 * Closing stays with the standard API. The writer takes whole buffers one at a time under its
 * own lock, so a frame of ours never interleaves with a control frame of Tyrus's.
 */
final class TyrusWriterPeer implements Peer {
    private static final Logger LOG = Logger.getLogger(TyrusWriterPeer.class.getName());
    /** The fields from the session's async remote to its writer, found from the first one. */
    private static final AtomicReference<Optional<FieldPath>> PATH = new AtomicReference<>();

    private final Session session;
    private final Writer writer;
    private final SessionPeer closer;

    private TyrusWriterPeer(Session session, Writer writer) {
        this.session = session;
        this.writer = writer;
        this.closer = new SessionPeer(session);
    }

    /** The direct peer of a Tyrus session, or empty if the session's writer is out of reach. */
    static Optional<Peer> of(Session session) {
        Object remote = session.getAsyncRemote();
        Optional<FieldPath> path = PATH.get();
        if (path == null) {
            path = FieldPath.find(remote.getClass());
            if (PATH.compareAndSet(null, path) && path.isEmpty()) {
                LOG.warning("no Tyrus writer in " + remote.getClass().getName() + ": frames are"
                        + " sent through the standard API, encoded once per receiver");
            }
        }
        return path.flatMap(fields -> fields.writerOf(remote))
                .map(writer -> new TyrusWriterPeer(session, writer));
    }

    @Override
    public void send(List<OutboundFrame> frames, SendCallback done) {
        if (!session.isOpen()) {
            done.sent(new IOException("the session is closed"));
            return;
        }
        writer.write(ByteBuffer.wrap(bytesOf(frames)), new Completion(done));
    }

    /** The frames' wire bytes back to back; a single frame's shared array as it is. */
    static byte[] bytesOf(List<OutboundFrame> frames) {
        if (frames.size() == 1) {
            return frames.get(0).wire();
        }
        int length = 0;
        for (OutboundFrame frame : frames) {
            length += frame.wire().length;
        }
        byte[] bytes = new byte[length];
        int at = 0;
        for (OutboundFrame frame : frames) {
            byte[] wire = frame.wire();
            System.arraycopy(wire, 0, bytes, at, wire.length);
            at += wire.length;
        }
        return bytes;
    }

    @Override
    public void close(int code, String reason) {
        closer.close(code, reason);
    }

    /** Reports the writer's outcome to the relay once. */
    private static final class Completion extends CompletionHandler<ByteBuffer> {
        private final SendCallback done;

        Completion(SendCallback done) {
            this.done = done;
        }

        @Override
        public void completed(ByteBuffer written) {
            done.sent(null);
        }

        @Override
        public void failed(Throwable failure) {
            done.sent(failure);
        }

        @Override
        public void cancelled() {
            done.sent(new CancellationException("the write was cancelled"));
        }
    }

    /**
     * TyrusRemoteEndpoint.webSocket, then TyrusWebSocket.protocolHandler, then
     * ProtocolHandler.writer.
     */
    private record FieldPath(Field webSocket, Field protocolHandler, Field writer) {
        static Optional<FieldPath> find(Class<?> remoteClass) {
            try {
                Field webSocket = declared(remoteClass, "webSocket");
                Field protocolHandler = declared(webSocket.getType(), "protocolHandler");
                Field writer = declared(protocolHandler.getType(), "writer");
                if (!Writer.class.isAssignableFrom(writer.getType())) {
                    return Optional.empty();
                }
                return Optional.of(new FieldPath(webSocket, protocolHandler, writer));
            } catch (NoSuchFieldException | RuntimeException e) {
                LOG.fine(() -> "Tyrus writer not found: " + e);
                return Optional.empty();
            }
        }

        /** The field of that name in the class or one of its superclasses, made accessible. */
        private static Field declared(Class<?> type, String name) throws NoSuchFieldException {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                try {
                    Field field = c.getDeclaredField(name);
                    field.setAccessible(true);
                    return field;
                } catch (NoSuchFieldException e) {
                    // look in the superclass
                }
            }
            throw new NoSuchFieldException(type.getName() + "." + name);
        }

        Optional<Writer> writerOf(Object remote) {
            try {
                Object socket = webSocket.get(remote);
                Object handler = socket == null ? null : protocolHandler.get(socket);
                Object value = handler == null ? null : writer.get(handler);
                return value instanceof Writer w ? Optional.of(w) : Optional.empty();
            } catch (IllegalAccessException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
