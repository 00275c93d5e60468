package dev.pfs.bench;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads the frames a WebSocket server sends (RFC 6455 section 5.2) from the bytes of one
 * connection, as they arrive, in pieces of any size. A frame that arrives whole is handed on in
 * place, without a copy; only a frame cut by the end of a read is copied, into a buffer this
 * decoder keeps until the frame is complete, and so is a message sent in fragments.
 *
 * <p>Server frames must be unmasked (section 5.1), with no reserved bits (no extension was
 * negotiated), no reserved opcode, and control frames whole and at most 125 bytes (section 5.5);
 * anything else fails the connection with close code 1002. A message longer than the limit
 * fails it with 1009.
 */
final class FrameDecoder {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private static final int MAX_CONTROL_PAYLOAD = 125;
    private static final int MIN_HEADER_BYTES = 2;

    /** Receives what the decoder finds; the payload is valid only during the call. */
    interface Sink {
        /** A whole text ({@link #TEXT}) or binary ({@link #BINARY}) message. */
        void onMessage(int opcode, ByteBuffer payload) throws IOException;

        /** A close, ping or pong frame. */
        void onControl(int opcode, ByteBuffer payload) throws IOException;
    }

    private final int maxMessageBytes;
    /** The start of a frame cut by the end of a read, in write mode; null when there is none. */
    private ByteBuffer pending;
    /** The fragments of an unfinished message, in write mode; null when there is none. */
    private ByteBuffer message;
    private int messageOpcode;

    FrameDecoder(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Decodes every whole frame in {@code in} (position to limit), keeping a cut-off frame at
     * the end for the next call; consumes all of {@code in}.
     *
     * @throws WsProtocolException if the server broke the framing rules
     */
    void feed(ByteBuffer in, Sink sink) throws IOException {
        if (pending != null) {
            if (!completePending(in)) {
                return;
            }
            ByteBuffer frame = pending.flip();
            pending = null;
            decode(frame, sink);
        }
        while (in.hasRemaining()) {
            long length = frameLength(in, in.position(), in.limit());
            if (length < 0 || length > in.remaining()) {
                stash(in, length);
                return;
            }
            decode(in, sink);
        }
    }

    /** Whether a cut-off frame or message is waiting for more bytes. */
    boolean midFrame() {
        return pending != null || message != null;
    }

    /**
     * The whole length (header and payload) of the frame starting at {@code from}, or -1 if its
     * header has not all arrived by {@code to}.
     */
    private long frameLength(ByteBuffer buffer, int from, int to) throws WsProtocolException {
        if (to - from < MIN_HEADER_BYTES) {
            return -1;
        }
        int second = buffer.get(from + 1) & 0xFF;
        if ((second & 0x80) != 0) {
            throw new WsProtocolException(WsProtocolException.PROTOCOL_ERROR,
                    "masked frame from the server");
        }
        int header = headerLength(second);
        if (to - from < header) {
            return -1;
        }
        long payload = second & 0x7F;
        if (payload == 126) {
            payload = buffer.getShort(from + 2) & 0xFFFF;
        } else if (payload == 127) {
            payload = buffer.getLong(from + 2);
        }
        if (payload < 0 || payload > maxMessageBytes) {
            throw new WsProtocolException(WsProtocolException.MESSAGE_TOO_BIG, "frame of "
                    + Long.toUnsignedString(payload) + " bytes; at most " + maxMessageBytes);
        }
        return header + payload;
    }

    private static int headerLength(int second) {
        int length = second & 0x7F;
        return length == 126 ? 4 : length == 127 ? 10 : 2;
    }

    /** Copies what there is of a cut-off frame into {@link #pending}. */
    private void stash(ByteBuffer in, long length) {
        pending = ByteBuffer.allocate(length < 0 ? 16 : (int) length);
        pending.put(in);
    }

    /**
     * Moves bytes from {@code in} to {@link #pending} until it holds one whole frame (and not a
     * byte of the next); false if {@code in} ran out first.
     */
    private boolean completePending(ByteBuffer in) throws WsProtocolException {
        while (true) {
            long length = frameLength(pending, 0, pending.position());
            long needed = length < 0 ? neededForHeader() : length;
            if (pending.position() == needed) {
                return true;
            }
            if (!in.hasRemaining()) {
                return false;
            }
            if (pending.capacity() < needed) {
                pending = ByteBuffer.allocate((int) needed).put(pending.flip());
            }
            int count = (int) Math.min(in.remaining(), needed - pending.position());
            pending.put(pending.position(), in, in.position(), count);
            pending.position(pending.position() + count);
            in.position(in.position() + count);
        }
    }

    private int neededForHeader() {
        return pending.position() < MIN_HEADER_BYTES ? MIN_HEADER_BYTES
                : headerLength(pending.get(1) & 0xFF);
    }

    /** Decodes the whole frame at {@code buffer}'s position and moves past it. */
    private void decode(ByteBuffer buffer, Sink sink) throws IOException {
        int start = buffer.position();
        int first = buffer.get(start) & 0xFF;
        int second = buffer.get(start + 1) & 0xFF;
        boolean fin = (first & 0x80) != 0;
        int opcode = first & 0x0F;
        int payloadStart = start + headerLength(second);
        int end = (int) (start + frameLength(buffer, start, buffer.limit()));
        checkHeader(first, opcode, fin, end - payloadStart);
        int limit = buffer.limit();
        buffer.limit(end).position(payloadStart);
        try {
            if (opcode >= CLOSE) {
                sink.onControl(opcode, buffer);
            } else {
                data(opcode, fin, buffer, sink);
            }
        } finally {
            buffer.limit(limit).position(end);
        }
    }

    private void checkHeader(int first, int opcode, boolean fin, int payload)
            throws WsProtocolException {
        if ((first & 0x70) != 0) {
            throw protocolError("reserved bits set without an extension");
        }
        boolean known = opcode <= BINARY || (opcode >= CLOSE && opcode <= PONG);
        if (!known) {
            throw protocolError("reserved opcode " + opcode);
        }
        if (opcode >= CLOSE && (!fin || payload > MAX_CONTROL_PAYLOAD)) {
            throw protocolError("control frame fragmented or over 125 bytes");
        }
    }

    private void data(int opcode, boolean fin, ByteBuffer payload, Sink sink)
            throws IOException {
        if (opcode == CONTINUATION) {
            if (message == null) {
                throw protocolError("continuation frame without a message to continue");
            }
            append(payload);
            if (fin) {
                ByteBuffer whole = message.flip();
                message = null;
                sink.onMessage(messageOpcode, whole);
            }
            return;
        }
        if (message != null) {
            throw protocolError("new message before the fragmented one ended");
        }
        if (fin) {
            sink.onMessage(opcode, payload);
            return;
        }
        messageOpcode = opcode;
        message = ByteBuffer.allocate(Math.max(1024, payload.remaining() * 2));
        append(payload);
    }

    private void append(ByteBuffer payload) throws WsProtocolException {
        long total = (long) message.position() + payload.remaining();
        if (total > maxMessageBytes) {
            throw new WsProtocolException(WsProtocolException.MESSAGE_TOO_BIG, "message of over "
                    + total + " bytes; at most " + maxMessageBytes);
        }
        if (message.remaining() < payload.remaining()) {
            long doubled = Math.max(total, 2L * message.capacity());
            int capacity = (int) Math.min(maxMessageBytes, doubled);
            message = ByteBuffer.allocate(capacity).put(message.flip());
        }
        message.put(payload);
    }

    private static WsProtocolException protocolError(String message) {
        return new WsProtocolException(WsProtocolException.PROTOCOL_ERROR, message);
    }
}
