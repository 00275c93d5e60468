package dev.pfs.relay.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The wire bytes of a frame, read back as RFC 6455 section 5.2 says a client reads them. */
class OutboundFrameTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 200_000})
    void wire_isOneUnmaskedFinalTextFrame_withTheShortestLengthEncoding(int length) {
        String text = "x".repeat(length);
        ByteBuffer wire = ByteBuffer.wrap(OutboundFrame.of(text).wire());

        assertEquals(0x81, wire.get() & 0xFF, "FIN and opcode 1 (text), no RSV bits");
        int second = wire.get() & 0xFF;
        assertEquals(0, second & 0x80, "a server's frame is not masked");
        long payloadLength = second & 0x7F;
        if (payloadLength == 126) {
            payloadLength = wire.getShort() & 0xFFFF;
            assertEquals(true, payloadLength > 125, "16-bit length only above 125");
        } else if (payloadLength == 127) {
            payloadLength = wire.getLong();
            assertEquals(true, payloadLength > 0xFFFF, "64-bit length only above 65535");
        }
        assertEquals(length, payloadLength);
        assertEquals(length, wire.remaining());
        byte[] payload = new byte[wire.remaining()];
        wire.get(payload);
        assertEquals(text, new String(payload, StandardCharsets.UTF_8));
    }

    @Test
    void wire_countsUtf8BytesNotChars() {
        String text = "\u00e9\u20ac\ud83d\ude00"; // 2 + 3 + 4 bytes
        byte[] wire = OutboundFrame.of(text).wire();

        assertEquals(9, wire[1]);
        byte[] payload = new byte[9];
        System.arraycopy(wire, 2, payload, 0, 9);
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), payload);
    }

    @Test
    void wire_isEncodedOnce_andSharedByEveryReceiver() {
        OutboundFrame frame = OutboundFrame.of("{\"event\":\"#publish\"}");
        assertSame(frame.wire(), frame.wire());
    }
}
