package dev.pfs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a minimal WebSocket server on a plain socket, on an ephemeral port. */
class WsClientTest {
    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key: *(\\S+)$");

    private ServerSocket server;
    private WsClient client;
    private final CompletableFuture<Void> serverDone = new CompletableFuture<>();

    /** What the client's listener heard. */
    private static final class Heard implements WsSocket.Listener {
        final BlockingQueue<String> texts = new ArrayBlockingQueue<>(16);
        final CompletableFuture<String> closed = new CompletableFuture<>();

        @Override
        public void onText(WsSocket socket, ByteBuffer utf8) {
            texts.add(StandardCharsets.UTF_8.decode(utf8).toString());
        }

        @Override
        public void onBinary(WsSocket socket, ByteBuffer data) {
            texts.add("binary");
        }

        @Override
        public void onClosed(WsSocket socket, int code, String reason, Throwable error) {
            closed.complete(code + " " + reason + (error == null ? "" : " " + error));
        }
    }

    /** One connection's worth of server behaviour. */
    private interface Script {
        void run(InputStream in, OutputStream out, String key) throws IOException;
    }

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new WsClient(1);
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
    }

    @Test
    void open_exchangesMaskedAndUnmaskedFramesAndClosesCleanly() throws Exception {
        serve((in, out, key) -> {
            out.write(accept(WsHandshake.acceptFor(key)));
            byte[] hello = {(byte) 0x81, 0x05, 'H', 'e', 'l', 'l', 'o'};
            for (byte b : hello) { // a frame cut into single bytes
                out.write(b);
                out.flush();
            }
            byte[] echo = readClientFrame(new DataInputStream(in));
            out.write(concat(new byte[] {(byte) 0x81, (byte) echo.length}, echo));
            out.write(new byte[] {(byte) 0x88, 0x02, 0x03, (byte) 0xE8});
            out.flush();
            readClientFrame(new DataInputStream(in)); // the echoed close
        });
        Heard heard = new Heard();

        WsSocket socket = client.open(uri(), heard).get(10, TimeUnit.SECONDS);
        assertEquals("Hello", heard.texts.poll(10, TimeUnit.SECONDS));
        socket.sendText("caf\u00e9 au lait");

        assertEquals("caf\u00e9 au lait", heard.texts.poll(10, TimeUnit.SECONDS));
        assertEquals("1000 ", heard.closed.get(10, TimeUnit.SECONDS));
        assertNull(serverDone.get(10, TimeUnit.SECONDS));
    }

    @Test
    void open_failsWhenTheServerAnswersWithAnotherAcceptKey() throws Exception {
        serve((in, out, key) -> out.write(accept(WsHandshake.acceptFor(key + "x"))));

        ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.open(uri(), new Heard()).get(10, TimeUnit.SECONDS));

        assertInstanceOf(HandshakeFailedException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("Sec-WebSocket-Accept"),
                e.getCause().getMessage());
    }

    @Test
    void open_reportsAMaskedServerFrameAsAProtocolError() throws Exception {
        serve((in, out, key) -> {
            out.write(accept(WsHandshake.acceptFor(key)));
            out.write(new byte[] {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'x'});
            out.flush();
            byte[] close = readClientFrame(new DataInputStream(in));
            assertEquals(1002, ((close[0] & 0xFF) << 8) | (close[1] & 0xFF));
        });
        Heard heard = new Heard();

        client.open(uri(), heard).get(10, TimeUnit.SECONDS);

        String closed = heard.closed.get(10, TimeUnit.SECONDS);
        assertTrue(closed.contains("masked frame from the server"), closed);
        assertNull(serverDone.get(10, TimeUnit.SECONDS));
    }

    private URI uri() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/socketcluster/");
    }

    private void serve(Script script) {
        Thread thread = new Thread(() -> {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                String head = readHead(in);
                Matcher key = KEY.matcher(head);
                if (!key.find()) {
                    throw new IOException("no key in " + head);
                }
                script.run(in, socket.getOutputStream(), key.group(1));
                serverDone.complete(null);
            } catch (IOException | RuntimeException | AssertionError e) {
                serverDone.completeExceptionally(e);
            }
        }, "test-ws-server");
        thread.setDaemon(true);
        thread.start();
    }

    private static byte[] accept(String acceptKey) {
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + acceptKey + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request head cut short");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Reads one client frame, checks that it is masked, and returns its unmasked payload. */
    private static byte[] readClientFrame(DataInputStream in) throws IOException {
        in.readUnsignedByte();
        int second = in.readUnsignedByte();
        if ((second & 0x80) == 0) {
            throw new AssertionError("client frame not masked");
        }
        int length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = (int) in.readLong();
        }
        byte[] key = in.readNBytes(4);
        byte[] payload = in.readNBytes(length);
        for (int i = 0; i < length; i++) {
            payload[i] ^= key[i % 4];
        }
        return payload;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
