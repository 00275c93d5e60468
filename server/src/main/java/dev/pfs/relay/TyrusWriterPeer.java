package dev.pfs.relay;

import dev.pfs.relay.connection.Peer;
import dev.pfs.relay.wire.OutboundFrame;
import jakarta.websocket.Session;
import java.io.IOException;
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
    /** The session's async remote's fields to its writer (Tyrus 2.1). */
    private static final String[] PATH = {"webSocket", "protocolHandler", "writer"};
    /** The path to the writer, found from the first session. */
    private static final AtomicReference<Optional<FieldChain>> WRITER = new AtomicReference<>();

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
        Optional<FieldChain> path = WRITER.get();
        if (path == null) {
            path = FieldChain.find(remote, PATH);
            if (WRITER.compareAndSet(null, path) && path.isEmpty()) {
                LOG.warning("no Tyrus writer in " + remote.getClass().getName() + ": frames are"
                        + " sent through the standard API, encoded once per receiver");
            }
        }
        return path.flatMap(fields -> fields.get(remote))
                .filter(Writer.class::isInstance)
                .map(writer -> new TyrusWriterPeer(session, (Writer) writer));
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
}
