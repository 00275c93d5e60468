package dev.pfs.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client WebSocket (RFC 6455) on a non-blocking {@link SocketChannel}, driven by a
 * {@link WsLoop}. Frames are sent from any thread, with no future per frame: from another
 * thread written at once if nothing waits before them (no hand-off to the loop); from the loop
 * thread gathered and written once it has handled every socket that was ready; queued and
 * written by the loop when the socket has room if it had none. Received messages go to the
 * {@link Listener} on the loop thread, as bytes.
 *
 * <p>Not yet: text is not checked to be valid UTF-8 (section 8.1); the load generator reads only
 * ASCII from it, and a relay's bad encoding would show as a frame without a valid stamp.
 */
final class WsSocket implements FrameDecoder.Sink {
    /** What the socket reports, on its loop thread. */
    interface Listener {
        /** A whole text message, as UTF-8 bytes valid only during the call. */
        void onText(WsSocket socket, ByteBuffer utf8);

        /** A whole binary message, valid only during the call. */
        void onBinary(WsSocket socket, ByteBuffer data);

        /**
         * The connection has ended, once, after the opening handshake succeeded: {@code code}
         * and {@code reason} from the server's close frame (1005 if it had no code, 1006 if
         * none came), {@code error} for a failure, null for a clean or requested end.
         */
        void onClosed(WsSocket socket, int code, String reason, Throwable error);
    }

    /** RFC 6455 section 7.4.1: reported, never sent. */
    static final int NO_STATUS = 1005;
    static final int ABNORMAL = 1006;
    static final int MAX_MESSAGE_BYTES = 16 << 20;
    private static final int WRITE_BATCH = 256;

    private final WsLoop loop;
    private final SocketChannel channel;
    private final URI uri;
    private final Listener listener;
    private final Runnable onEnd;
    private final WsHandshake handshake = WsHandshake.withRandomKey();
    private final FrameDecoder decoder = new FrameDecoder(MAX_MESSAGE_BYTES);
    private final CompletableFuture<WsSocket> opened = new CompletableFuture<>();
    // Loop thread only.
    private ByteBuffer request;
    private ByteBuffer head = ByteBuffer.allocate(512);
    private boolean closeReceived;
    // Guarded by this.
    private final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>(0);
    private SelectionKey key;
    private boolean open;
    private boolean closeSent;
    private volatile boolean ended; // also read unlocked, where a late answer is harmless

    WsSocket(WsLoop loop, SocketChannel channel, URI uri, Listener listener, Runnable onEnd) {
        this.loop = loop;
        this.channel = channel;
        this.uri = uri;
        this.listener = listener;
        this.onEnd = onEnd;
    }

    /** Completes when the relay has accepted the opening handshake. */
    CompletableFuture<WsSocket> opened() {
        return opened;
    }

    /** Sends a text frame; ignored once a close frame was sent or the connection ended. */
    void sendText(String text) {
        send(FrameEncoder.text(text.getBytes(StandardCharsets.UTF_8), maskKey()), false);
    }

    /** Starts the closing handshake (section 7.1.2): a close frame, then the server's. */
    void close(int code, String reason) {
        send(FrameEncoder.close(code, reason, maskKey()), true);
    }

    /** Drops the TCP connection at once, without a closing handshake. */
    void abort() {
        end(ABNORMAL, "", null);
    }

    // Every client frame is masked (5.3). The key need not be unpredictable here: that guards
    // against scripts in browsers poisoning proxies, and no proxy stands between these peers.
    private static int maskKey() {
        return ThreadLocalRandom.current().nextInt();
    }

    /** On the loop thread: starts connecting. */
    void start() {
        try {
            int port = uri.getPort() < 0 ? 80 : uri.getPort();
            synchronized (this) {
                key = channel.register(loop.selector(), 0, this);
            }
            request = ByteBuffer.wrap(handshake.request(uri));
            if (channel.connect(new InetSocketAddress(uri.getHost(), port))) {
                onConnected();
            } else {
                key.interestOps(SelectionKey.OP_CONNECT);
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    void onConnectable() throws IOException {
        if (channel.finishConnect()) {
            onConnected();
        }
    }

    private void onConnected() throws IOException {
        key.interestOps(SelectionKey.OP_READ);
        writeRequest();
    }

    private void writeRequest() throws IOException {
        channel.write(request);
        if (request.hasRemaining()) {
            key.interestOpsOr(SelectionKey.OP_WRITE);
        } else {
            request = null;
        }
    }

    /** Reads once into {@code buffer}; true if it came back full (more may be waiting). */
    boolean onReadable(ByteBuffer buffer) throws IOException {
        if (ended) {
            return false;
        }
        buffer.clear();
        int count = channel.read(buffer);
        if (count < 0) {
            boolean expected = closeReceived || closeSentByUs();
            end(ABNORMAL, "", expected ? null
                    : new EOFException("connection closed without a close frame"));
            return false;
        }
        buffer.flip();
        if (head != null) {
            readHead(buffer);
        } else {
            decoder.feed(buffer, this);
        }
        return count == buffer.capacity();
    }

    private void readHead(ByteBuffer buffer) throws IOException {
        if (head.remaining() < buffer.remaining()) {
            head = ByteBuffer.allocate(head.position() + buffer.remaining()).put(head.flip());
        }
        head.put(buffer);
        ByteBuffer received = head.duplicate().flip();
        int end = WsHandshake.endOfHead(received);
        if (end < 0) {
            if (received.remaining() > WsHandshake.MAX_RESPONSE_BYTES) {
                throw new HandshakeFailedException("no end of the response head in "
                        + received.remaining() + " bytes; at most "
                        + WsHandshake.MAX_RESPONSE_BYTES);
            }
            return;
        }
        handshake.check(StandardCharsets.ISO_8859_1.decode(received.duplicate().limit(end))
                .toString());
        head = null;
        accepted();
        decoder.feed(received.position(end), this);
    }

    private void accepted() throws IOException {
        synchronized (this) {
            open = true;
        }
        flush();
        opened.complete(this);
    }

    void onWritable() throws IOException {
        if (request != null) {
            writeRequest();
            if (request != null) {
                return;
            }
        }
        flush();
    }

    /** On the loop thread, at the end of a round: writes what {@link #send} queued. */
    void flushQueued() {
        try {
            flush();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /**
     * Writes what is queued, as much as fits, keeping write interest while anything is left;
     * before the relay accepted the handshake, writes nothing (RFC 6455 section 4.1).
     */
    private void flush() throws IOException {
        synchronized (this) {
            while (open && !outbound.isEmpty()) {
                ByteBuffer[] batch = outbound.stream().limit(WRITE_BATCH)
                        .toArray(ByteBuffer[]::new);
                long queued = 0;
                for (ByteBuffer frame : batch) {
                    queued += frame.remaining();
                }
                long written = channel.write(batch);
                while (!outbound.isEmpty() && !outbound.peek().hasRemaining()) {
                    outbound.poll();
                }
                if (written < queued) { // the socket is full: the loop calls again when not
                    key.interestOpsOr(SelectionKey.OP_WRITE);
                    return;
                }
            }
            if (key.isValid()) {
                key.interestOpsAnd(~SelectionKey.OP_WRITE);
            }
        }
    }

    private void send(ByteBuffer frame, boolean isClose) {
        IOException failure = null;
        synchronized (this) {
            if (ended || closeSent) {
                return;
            }
            closeSent = isClose;
            if (!open || !outbound.isEmpty()) {
                outbound.add(frame);
                return;
            }
            if (loop.inLoop()) {
                outbound.add(frame);
                loop.flushLater(this);
                return;
            }
            try {
                channel.write(frame);
                if (frame.hasRemaining()) {
                    outbound.add(frame);
                    key.interestOpsOr(SelectionKey.OP_WRITE);
                    loop.wakeup();
                }
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            IOException cause = failure;
            loop.execute(() -> fail(cause));
        }
    }

    private synchronized boolean closeSentByUs() {
        return closeSent;
    }

    @Override
    public void onMessage(int opcode, ByteBuffer payload) {
        if (ended) {
            return; // frames that followed a close in the same read
        }
        if (opcode == FrameDecoder.TEXT) {
            listener.onText(this, payload);
        } else {
            listener.onBinary(this, payload);
        }
    }

    @Override
    public void onControl(int opcode, ByteBuffer payload) {
        if (opcode == FrameDecoder.PING) {
            byte[] data = new byte[payload.remaining()];
            payload.get(data);
            send(FrameEncoder.frame(FrameDecoder.PONG, data, maskKey()), false);
        } else if (opcode == FrameDecoder.CLOSE) {
            closeReceived = true;
            int code = payload.remaining() >= 2 ? payload.getShort() & 0xFFFF : NO_STATUS;
            String reason = StandardCharsets.UTF_8.decode(payload).toString();
            sendLastFrame(code == NO_STATUS
                    ? FrameEncoder.frame(FrameDecoder.CLOSE, new byte[0], maskKey())
                    : FrameEncoder.close(code, "", maskKey()));
            end(code, reason, null);
        }
        // A pong answers nothing we asked.
    }

    /** Fails the connection for {@code error}, telling the server why if it broke framing. */
    void fail(Throwable error) {
        if (error instanceof WsProtocolException protocol) {
            sendLastFrame(FrameEncoder.close(protocol.closeCode(), "", maskKey()));
        }
        end(ABNORMAL, "", error);
    }

    /** Sends a close frame and writes what it can now: the connection ends right after. */
    private void sendLastFrame(ByteBuffer close) {
        send(close, true);
        try {
            flush();
        } catch (IOException e) {
            // The end that follows reports the failure that led here; this one adds nothing.
        }
    }

    private void end(int code, String reason, Throwable error) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            outbound.clear();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing is all that was left to do with it.
        }
        onEnd.run();
        if (!opened.isDone()) {
            opened.completeExceptionally(error != null ? error
                    : new IOException("connection ended during the opening handshake"));
        } else {
            listener.onClosed(this, code, reason, error);
        }
    }
}
