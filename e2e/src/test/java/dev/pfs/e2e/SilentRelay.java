package dev.pfs.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake relay on a loopback port, in front of the real one. It forwards every connection to the
 * relay (the page and its script load through it, so a browser's page has this origin), except a
 * WebSocket upgrade to {@code /socketcluster/} while it is {@link #silence silenced}: that one it
 * takes itself and then never answers, as a relay that accepts the connection and hangs would.
 */
final class SilentRelay implements AutoCloseable {
    /** What a silenced fake does with a WebSocket upgrade. */
    enum Silence {
        /** Completes the upgrade (101), then reads and ignores every frame. */
        AFTER_UPGRADE,
        /** Reads the upgrade request and never answers it. */
        BEFORE_UPGRADE
    }

    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final Pattern KEY = Pattern.compile(
            "(?im)^sec-websocket-key:\\s*(\\S+)\\s*$");
    private static final int MAX_HEAD_BYTES = 16 * 1024;

    private final ServerSocket server;
    private final int relayPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Silence> silencedUpgrades = new LinkedBlockingQueue<>();
    private volatile Silence silence;

    private SilentRelay(int relayPort, Silence silence) throws IOException {
        this.relayPort = relayPort;
        this.silence = silence;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "silent-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A fake in front of the relay on this port, silenced from the start. */
    static SilentRelay silentFront(int relayPort, Silence silence) throws IOException {
        return new SilentRelay(relayPort, silence);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Upgrades from now on are silenced so (connections already taken stay as they are). */
    void silence(Silence how) {
        silence = how;
    }

    /** Upgrades from now on go to the relay, which answers them. */
    void answer() {
        silence = null;
    }

    /** Waits for the next upgrade this fake silenced; says how. */
    Silence awaitSilencedUpgrade() throws InterruptedException {
        Silence how = silencedUpgrades.poll(30, TimeUnit.SECONDS);
        if (how == null) {
            throw new AssertionError("no WebSocket upgrade reached the fake relay within 30 s");
        }
        return how;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Thread connection = new Thread(() -> serve(client), "silent-relay-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try {
            byte[] head = readHead(client.getInputStream());
            String text = new String(head, StandardCharsets.ISO_8859_1);
            Silence how = silence;
            if (how != null && isRelayUpgrade(text)) {
                if (how == Silence.AFTER_UPGRADE) {
                    client.getOutputStream().write(switchingProtocols(text));
                    client.getOutputStream().flush();
                }
                silencedUpgrades.add(how);
                ignoreEverything(client.getInputStream());
                return;
            }
            Socket relay = new Socket(InetAddress.getLoopbackAddress(), relayPort);
            sockets.add(relay);
            relay.getOutputStream().write(head);
            relay.getOutputStream().flush();
            TcpProxy.pump(client, relay);
            TcpProxy.pump(relay, client);
        } catch (IOException e) {
            TcpProxy.closeQuietly(client);
        }
    }

    /** The request line and headers up to the blank line, byte for byte. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0 || head.size() >= MAX_HEAD_BYTES) {
                throw new IOException("no complete request head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        return head.toByteArray();
    }

    private static boolean isRelayUpgrade(String head) {
        String lower = head.toLowerCase(Locale.ROOT);
        return lower.startsWith("get /socketcluster/") && lower.contains("\nupgrade: websocket");
    }

    /** RFC 6455 section 4.2.2: the server's answer that completes the upgrade. */
    private static byte[] switchingProtocols(String head) throws IOException {
        Matcher key = KEY.matcher(head);
        if (!key.find()) {
            throw new IOException("upgrade request without Sec-WebSocket-Key");
        }
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key.group(1) + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-1", e);
        }
        return ("HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static void ignoreEverything(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        while (in.read(buffer) >= 0) {
            // A silent relay reads what comes and says nothing, not even to a close frame.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            TcpProxy.closeQuietly(socket);
        }
    }
}
