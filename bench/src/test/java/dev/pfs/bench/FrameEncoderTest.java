package dev.pfs.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameEncoderTest {
    @Test
    void text_matchesTheRfc6455Section57MaskedHelloExample() {
        ByteBuffer frame = FrameEncoder.text("Hello".getBytes(StandardCharsets.US_ASCII),
                0x37fa213d);

        assertArrayEquals(bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51,
                0x58), array(frame));
    }

    @ParameterizedTest(name = "{0} bytes: header {1}")
    @CsvSource({"0, 6", "125, 6", "126, 8", "65535, 8", "65536, 14"})
    void frame_usesTheShortestLengthForm(int length, int header) {
        byte[] frame = array(FrameEncoder.text(new byte[length], 0x01020304));

        assertEquals(header + length, frame.length);
        int form = frame[1] & 0x7F;
        assertEquals(length < 126 ? length : length <= 0xFFFF ? 126 : 127, form);
        assertEquals(0x80, frame[1] & 0x80); // masked
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 9, 100, 61_441})
    void frame_masksEveryByteWithTheKeyInTurn(int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (i * 31);
        }
        byte[] frame = array(FrameEncoder.text(payload, 0xA1B2C3D4));
        int header = frame.length - length;
        byte[] key = Arrays.copyOfRange(frame, header - 4, header);

        byte[] unmasked = new byte[length];
        for (int i = 0; i < length; i++) {
            unmasked[i] = (byte) (frame[header + i] ^ key[i % 4]);
        }
        assertArrayEquals(bytes(0xA1, 0xB2, 0xC3, 0xD4), key);
        assertArrayEquals(payload, unmasked);
    }

    @Test
    void close_carriesTheCodeThenTheReason() {
        byte[] frame = array(FrameEncoder.close(1000, "ok", 0));

        assertArrayEquals(bytes(0x88, 0x84, 0, 0, 0, 0, 0x03, 0xE8, 'o', 'k'), frame);
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] array(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
