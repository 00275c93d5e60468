package dev.pfs.relay;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A WebSocket client (RFC 6455) on a plain blocking socket, for what the JDK client cannot do.
 * It reads only when told to, so for a subscriber that stops reading the relay's sends really
 * stall in TCP, and it reports exactly how the connection ended: the JDK client reads ahead on its
 * own threads, and when a connection ends in the middle of a frame it sometimes reports nothing
 * at all (seen with JDK 17 and 25 on a loaded machine). And it sends frames exactly as asked: one
 * frame of any length, or a message in fragments of our choosing (the JDK client splits long
 * messages into fragments of its own).
 */
final class RawWebSocket implements AutoCloseable {
    private static final int OPCODE_CONTINUATION = 0x0;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_CLOSE = 0x8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** How the connection ended, and the text frames read up to then. */
    record Ending(List<String> texts, Integer closeCode, String closeReason, Exception error) {
        @Override
        public String toString() {
            return texts.size() + " text frames, then "
                    + (closeCode != null ? "close " + closeCode + " " + closeReason
                            : "no close frame: " + (error == null ? "end of stream" : error));
        }
    }

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Opens the connection and completes the upgrade, with a small receive buffer so that a
     * stalled reader stalls the relay after little data.
     */
    static RawWebSocket connect(URI uri, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBufferBytes);
        socket.setSoTimeout((int) (TestClient.TIMEOUT_SECONDS * 1000));
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
        RawWebSocket client = new RawWebSocket(socket);
        client.upgrade(uri);
        return client;
    }

    private void upgrade(URI uri) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + head);
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection ended in the upgrade response: " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Sends a text frame, masked as a client must (RFC 6455 section 5.3). */
    void sendText(String text) throws IOException {
        sendFrame(true, OPCODE_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends one frame of a message in fragments (RFC 6455 section 5.4): the first with the text
     * opcode, the others as continuations; {@code last} ends the message.
     */
    void sendFragment(boolean first, boolean last, String text) throws IOException {
        sendFrame(last, first ? OPCODE_TEXT : OPCODE_CONTINUATION,
                text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a text frame without masking, as RFC 6455 forbids a client to. */
    void sendUnmaskedText(String text) throws IOException {
        sendFrame(true, OPCODE_TEXT, text.getBytes(StandardCharsets.UTF_8), false);
    }

    private void sendFrame(boolean fin, int opcode, byte[] payload) throws IOException {
        sendFrame(fin, opcode, payload, true);
    }

    private void sendFrame(boolean fin, int opcode, byte[] payload, boolean mask)
            throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream(14);
        header.write((fin ? 0x80 : 0) | opcode);
        int maskBit = mask ? 0x80 : 0;
        if (payload.length <= 125) {
            header.write(maskBit | payload.length);
        } else if (payload.length <= 0xffff) {
            header.write(maskBit | 126);
            header.write(payload.length >>> 8);
            header.write(payload.length);
        } else {
            header.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] key = new byte[4]; // all zero, and not sent, for an unmasked frame
        if (mask) {
            RANDOM.nextBytes(key);
            header.write(key);
        }
        byte[] masked = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            masked[i] = (byte) (payload[i] ^ key[i % 4]);
        }
        out.write(header.toByteArray());
        out.write(masked);
        out.flush();
    }

    /** Sends {event, data, cid} and reads up to its reply, skipping pings; returns the reply. */
    JsonObject call(String event, JsonValue data, long cid) throws IOException {
        sendText(Json.createObjectBuilder().add("event", event).add("data", data).add("cid", cid)
                .build().toString());
        while (true) {
            Frame frame = readFrame();
            if (frame.opcode != OPCODE_TEXT) {
                throw new IOException("expected the reply to " + event + "; got opcode "
                        + frame.opcode);
            }
            String text = new String(frame.payload, StandardCharsets.UTF_8);
            if (!text.isEmpty()) {
                JsonObject reply = Json.createReader(new StringReader(text)).readObject();
                if (reply.getJsonNumber("rid").longValue() != cid) {
                    throw new IOException("expected the reply to cid " + cid + "; got " + text);
                }
                return reply;
            }
        }
    }

    /**
     * Reads until the connection ends: a close frame, the end of the stream, or an error (a
     * reset); fails if it has not ended within the timeout.
     */
    Ending readToEnd() {
        List<String> texts = new ArrayList<>();
        try {
            while (true) {
                Frame frame = readFrame();
                if (frame.opcode == OPCODE_CLOSE) {
                    int code = frame.payload.length < 2 ? 1005
                            : ((frame.payload[0] & 0xff) << 8) | (frame.payload[1] & 0xff);
                    String reason = frame.payload.length < 2 ? "" : new String(frame.payload, 2,
                            frame.payload.length - 2, StandardCharsets.UTF_8);
                    return new Ending(texts, code, reason, null);
                }
                if (frame.opcode == OPCODE_TEXT) {
                    texts.add(new String(frame.payload, StandardCharsets.UTF_8));
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection did not end within "
                    + TestClient.TIMEOUT_SECONDS + " s after " + texts.size() + " text frames", e);
        } catch (EOFException e) {
            return new Ending(texts, null, null, null);
        } catch (IOException e) {
            return new Ending(texts, null, null, e);
        }
    }

    private record Frame(int opcode, byte[] payload) {
    }

    /** One unfragmented frame from the server (unmasked, RFC 6455 section 5.2). */
    private Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        if ((first & 0x80) == 0 || (first & 0x0f) == 0) {
            // not an ending of the connection: a surprise the test must not take for one
            throw new IllegalStateException("the relay fragmented a frame");
        }
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if (length > Integer.MAX_VALUE) {
            throw new IOException("frame of " + length + " bytes");
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
