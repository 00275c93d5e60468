package dev.pfs.bench;

import static dev.pfs.bench.FrameEncoderTest.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameDecoderTest {
    // RFC 6455 section 5.7's examples of server frames.
    private static final byte[] HELLO = bytes(0x81, 0x05, 'H', 'e', 'l', 'l', 'o');
    private static final byte[] HEL_LO = bytes(0x01, 0x03, 'H', 'e', 'l', 0x80, 0x02, 'l', 'o');
    private static final byte[] PING = bytes(0x89, 0x05, 'H', 'e', 'l', 'l', 'o');

    /** Records what the decoder hands on, as "text:Hello", "ping:Hello", ... */
    private static final class Recorder implements FrameDecoder.Sink {
        final List<String> seen = new ArrayList<>();

        @Override
        public void onMessage(int opcode, ByteBuffer payload) {
            seen.add(name(opcode) + ":" + StandardCharsets.ISO_8859_1.decode(payload));
        }

        @Override
        public void onControl(int opcode, ByteBuffer payload) {
            seen.add(name(opcode) + ":" + StandardCharsets.ISO_8859_1.decode(payload));
        }

        private static String name(int opcode) {
            return switch (opcode) {
                case FrameDecoder.TEXT -> "text";
                case FrameDecoder.BINARY -> "binary";
                case FrameDecoder.CLOSE -> "close";
                case FrameDecoder.PING -> "ping";
                default -> "pong";
            };
        }
    }

    @Test
    void feed_decodesTheRfcExamplesArrivingTogether() throws IOException {
        Recorder sink = new Recorder();

        new FrameDecoder(1 << 20).feed(ByteBuffer.wrap(concat(HELLO, HEL_LO, PING)), sink);

        assertEquals(List.of("text:Hello", "text:Hello", "ping:Hello"), sink.seen);
    }

    @Test
    void feed_givesTheSameFramesWhereverTheReadsCutThem() throws IOException {
        byte[] stream = concat(HELLO, HEL_LO, PING, binary(300), binary(70_000), HELLO);
        List<String> whole = decodeInPieces(stream, stream.length);

        for (int piece = 1; piece <= 17; piece++) {
            assertEquals(whole, decodeInPieces(stream, piece), "pieces of " + piece + " bytes");
        }
        assertEquals(6, whole.size());
        assertEquals(300 + "binary:".length(), whole.get(3).length());
        assertEquals(70_000 + "binary:".length(), whole.get(4).length());
    }

    @Test
    void feed_letsAControlFrameInterruptAFragmentedMessage() throws IOException {
        byte[] stream = concat(bytes(0x01, 0x03, 'H', 'e', 'l'), PING, bytes(0x80, 0x02, 'l',
                'o'));
        Recorder sink = new Recorder();
        FrameDecoder decoder = new FrameDecoder(1 << 20);

        decoder.feed(ByteBuffer.wrap(stream, 0, 5), sink);
        assertTrue(decoder.midFrame());
        decoder.feed(ByteBuffer.wrap(stream, 5, stream.length - 5), sink);

        assertEquals(List.of("ping:Hello", "text:Hello"), sink.seen);
        assertFalse(decoder.midFrame());
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource({
        "0x81, 0x85, masked frame from the server, 1002",
        "0xC1, 0x00, reserved bits, 1002",
        "0x83, 0x00, reserved opcode 3, 1002",
        "0x0A, 0x00, control frame fragmented, 1002",
        "0x89, 0x7E, control frame fragmented or over 125 bytes, 1002",
        "0x80, 0x00, continuation frame without a message, 1002",
        "0x82, 0x7F, frame of, 1009"})
    void feed_failsTheConnectionOnAFrameTheRfcForbids(int first, int second, String message,
            int closeCode) {
        byte[] frame = new byte[400];
        frame[0] = (byte) first;
        frame[1] = (byte) second;
        frame[2] = (byte) 0x01; // with 0x7F: a 64-bit length far over the limit
        frame[3] = (byte) 0x00;
        ByteBuffer in = ByteBuffer.wrap(frame, 0, second == 0x00 ? 2 : frame.length);

        WsProtocolException e = assertThrows(WsProtocolException.class,
                () -> new FrameDecoder(1 << 20).feed(in, new Recorder()));

        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertEquals(closeCode, e.closeCode());
    }

    @Test
    void feed_failsAFragmentedMessageOverTheLimit() {
        byte[] stream = concat(bytes(0x01, 0x03, 'a', 'b', 'c'), bytes(0x00, 0x03, 'd', 'e',
                'f'));

        WsProtocolException e = assertThrows(WsProtocolException.class,
                () -> new FrameDecoder(5).feed(ByteBuffer.wrap(stream), new Recorder()));

        assertEquals(WsProtocolException.MESSAGE_TOO_BIG, e.closeCode());
    }

    @Test
    void feed_failsANewMessageBeforeTheFragmentedOneEnded() {
        byte[] stream = concat(bytes(0x01, 0x01, 'a'), HELLO);

        WsProtocolException e = assertThrows(WsProtocolException.class,
                () -> new FrameDecoder(1 << 20).feed(ByteBuffer.wrap(stream), new Recorder()));

        assertTrue(e.getMessage().contains("before the fragmented one ended"), e.getMessage());
    }

    private static List<String> decodeInPieces(byte[] stream, int piece) throws IOException {
        Recorder sink = new Recorder();
        FrameDecoder decoder = new FrameDecoder(1 << 20);
        for (int at = 0; at < stream.length; at += piece) {
            ByteBuffer in = ByteBuffer.wrap(stream, at, Math.min(piece, stream.length - at));
            decoder.feed(in, sink);
            assertFalse(in.hasRemaining());
        }
        return sink.seen;
    }

    /** An unmasked binary frame of {@code length} bytes 'x', with 16- or 64-bit length. */
    private static byte[] binary(int length) {
        ByteBuffer frame = ByteBuffer.allocate(length + 10).put((byte) 0x82);
        if (length <= 0xFFFF) {
            frame.put((byte) 126).putShort((short) length);
        } else {
            frame.put((byte) 127).putLong(length);
        }
        while (frame.position() < frame.capacity() && frame.remaining() > 0
                && frame.position() < length + (length <= 0xFFFF ? 4 : 10)) {
            frame.put((byte) 'x');
        }
        return java.util.Arrays.copyOf(frame.array(), frame.position());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
