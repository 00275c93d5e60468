package dev.pfs.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WsHandshakeTest {
    /** RFC 6455 section 1.3's example key. */
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    @Test
    void acceptFor_matchesTheRfc6455Section13Example() {
        assertEquals(ACCEPT, WsHandshake.acceptFor(KEY));
    }

    @Test
    void request_isAnUpgradeWithTheKeyAndVersion13() {
        String request = new String(WsHandshake.withKey(KEY)
                .request(URI.create("ws://127.0.0.1:8480/socketcluster/?a=b")),
                StandardCharsets.US_ASCII);

        assertTrue(request.startsWith("GET /socketcluster/?a=b HTTP/1.1\r\n"), request);
        assertTrue(request.contains("\r\nHost: 127.0.0.1:8480\r\n"), request);
        assertTrue(request.contains("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"),
                request);
        assertTrue(request.contains("\r\nSec-WebSocket-Key: " + KEY + "\r\n"), request);
        assertTrue(request.endsWith("\r\nSec-WebSocket-Version: 13\r\n\r\n"), request);
    }

    @Test
    void withRandomKey_drawsSixteenBytesEachTime() {
        String key = WsHandshake.withRandomKey().key();

        assertEquals(24, key.length()); // base64 of 16 bytes
        assertTrue(!key.equals(WsHandshake.withRandomKey().key()));
    }

    @Test
    void check_acceptsTheRfcExampleResponseWhateverTheHeaderCase() {
        String head = "HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\n"
                + "CONNECTION: keep-alive, Upgrade\r\nSec-WebSocket-Accept: " + ACCEPT
                + "\r\n\r\n";

        assertDoesNotThrow(() -> WsHandshake.withKey(KEY).check(head));
    }

    static Stream<Arguments> refusedResponses() {
        String accept = "Sec-WebSocket-Accept: " + ACCEPT + "\r\n";
        return Stream.of(
                arguments("HTTP/1.1 200 OK\r\n\r\n", "expected status 101"),
                arguments("HTTP/1.1 101 Switching\r\nConnection: Upgrade\r\n" + accept
                        + "\r\n", "expected Upgrade: websocket"),
                arguments("HTTP/1.1 101 Switching\r\nUpgrade: websocket\r\n" + accept
                        + "\r\n", "expected Connection: Upgrade"),
                arguments("HTTP/1.1 101 Switching\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Accept: "
                        + WsHandshake.acceptFor("x3JJHMbDL1EzLkh9GBhXDw==") + "\r\n\r\n",
                        "expected Sec-WebSocket-Accept " + ACCEPT),
                arguments("HTTP/1.1 101 Switching\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\n" + accept
                        + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n",
                        "not offered"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("refusedResponses")
    void check_refusesAResponseThatDoesNotAcceptThisHandshake(String head, String message) {
        HandshakeFailedException e = assertThrows(HandshakeFailedException.class,
                () -> WsHandshake.withKey(KEY).check(head));

        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void endOfHead_isJustPastTheBlankLineOrMinusOne() {
        byte[] bytes = "HTTP/1.1 101 X\r\nA: b\r\n\r\n\u0081\u0000"
                .getBytes(StandardCharsets.ISO_8859_1);

        assertEquals(bytes.length - 2, WsHandshake.endOfHead(ByteBuffer.wrap(bytes)));
        assertEquals(-1, WsHandshake.endOfHead(ByteBuffer.wrap(bytes, 0, bytes.length - 4)));
    }
}
