package dev.pfs.bench;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client's half of the WebSocket opening handshake (RFC 6455 section 4.1): the HTTP upgrade
 * request with a fresh {@code Sec-WebSocket-Key}, and the check of the relay's {@code 101}
 * response, whose {@code Sec-WebSocket-Accept} must be the key's SHA-1 with the RFC's GUID.
 * No extensions and no subprotocol are offered, so a response that selects one is refused.
 */
final class WsHandshake {
    /** RFC 6455 section 1.3: appended to the key before hashing. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** A response head longer than this is no WebSocket upgrade. */
    static final int MAX_RESPONSE_BYTES = 8192;

    private final String key;

    private WsHandshake(String key) {
        this.key = key;
    }

    /**
     * A handshake with a random key. RFC 6455 asks for a key from a strong source; this one is
     * not, which is harmless here: the key only proves that the relay read this request.
     */
    static WsHandshake withRandomKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return new WsHandshake(Base64.getEncoder().encodeToString(nonce));
    }

    /** A handshake with a given key, for tests. */
    static WsHandshake withKey(String key) {
        return new WsHandshake(Objects.requireNonNull(key, "key"));
    }

    String key() {
        return key;
    }

    /** The upgrade request for {@code uri} (ws scheme, path and query as given). */
    byte[] request(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/"
                : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        return ("GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The {@code Sec-WebSocket-Accept} a relay must answer {@code key} with. */
    static String acceptFor(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-1", e);
        }
    }

    /**
     * Where the response head ends in {@code buffer} (between its position and limit): the index
     * just past the blank line, or -1 if it has not all arrived.
     */
    static int endOfHead(ByteBuffer buffer) {
        for (int i = buffer.position(); i + 3 < buffer.limit(); i++) {
            if (buffer.get(i) == '\r' && buffer.get(i + 1) == '\n' && buffer.get(i + 2) == '\r'
                    && buffer.get(i + 3) == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    /**
     * Checks a whole response head (status line and headers, ending in a blank line).
     *
     * @throws HandshakeFailedException if it is not a valid acceptance of this handshake
     */
    void check(String head) throws HandshakeFailedException {
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.") || !status[1].equals("101")) {
            throw new HandshakeFailedException("expected status 101, got " + lines[0]);
        }
        String upgrade = null;
        String connection = null;
        String accept = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            switch (name) {
                case "upgrade" -> upgrade = value;
                case "connection" -> connection = value;
                case "sec-websocket-accept" -> accept = value;
                case "sec-websocket-extensions", "sec-websocket-protocol" -> {
                    if (!value.isEmpty()) {
                        throw new HandshakeFailedException("relay selected " + name + " "
                                + value + " that was not offered");
                    }
                }
                default -> { }
            }
        }
        checkHeaders(upgrade, connection, accept);
    }

    private void checkHeaders(String upgrade, String connection, String accept)
            throws HandshakeFailedException {
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            throw new HandshakeFailedException("expected Upgrade: websocket, got " + upgrade);
        }
        if (connection == null || !hasToken(connection, "upgrade")) {
            throw new HandshakeFailedException("expected Connection: Upgrade, got "
                    + connection);
        }
        String expected = acceptFor(key);
        if (!expected.equals(accept)) {
            throw new HandshakeFailedException("expected Sec-WebSocket-Accept " + expected
                    + ", got " + accept);
        }
    }

    private static boolean hasToken(String list, String token) {
        for (String part : list.split(",")) {
            if (part.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }
}
