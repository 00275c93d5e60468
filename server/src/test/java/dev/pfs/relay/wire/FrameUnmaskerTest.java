package dev.pfs.relay.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client frames, masked as RFC 6455 section 5.3 says, come out as the same frames unmasked,
 * wherever the reads cut them; unmasked and oversized frames are refused.
 */
class FrameUnmaskerTest {
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CONTINUATION = 0x0;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;

    @Test
    void rfcExample_maskedHello_becomesTheUnmaskedHello() {
        // RFC 6455 section 5.7: "A single-frame masked text message"
        byte[] masked = bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
        byte[] unmasked = bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);

        assertArrayEquals(unmasked, unmaskInReads(masked, new int[] {masked.length}));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 17, 4096})
    void framesOfEveryLengthForm_cutIntoEqualReads_comeOutUnmasked(int readSize) {
        Stream stream = new Stream(new Random(readSize));
        for (int length : new int[] {0, 1, 3, 7, 8, 9, 15, 16, 17, 125, 126, 127, 1000,
                65_535, 65_536, 70_001}) {
            stream.frame(true, TEXT, length, true);
        }
        int[] reads = new int[stream.masked().length / readSize + 1];
        java.util.Arrays.fill(reads, readSize);

        assertArrayEquals(stream.unmasked(), unmaskInReads(stream.masked(), reads));
    }

    @Test
    void aMixOfFrames_cutAtRandom_comesOutUnmasked_andEachReadFitsInPlace() {
        Random random = new Random(6455);
        for (int round = 0; round < 200; round++) {
            Stream stream = new Stream(random);
            int frames = 1 + random.nextInt(12);
            for (int i = 0; i < frames; i++) {
                switch (random.nextInt(5)) {
                    case 0 -> stream.frame(true, PING, random.nextInt(126), true);
                    case 1 -> stream.frame(false, TEXT, random.nextInt(300), true);
                    case 2 -> stream.frame(true, CONTINUATION, random.nextInt(70_000), true);
                    case 3 -> stream.frame(true, BINARY, random.nextInt(40), true);
                    default -> stream.frame(true, TEXT, random.nextInt(5_000), true);
                }
            }
            stream.frame(true, CLOSE, 2, true);
            byte[] masked = stream.masked();
            List<Integer> cuts = new ArrayList<>();
            for (int left = masked.length; left > 0; ) {
                int read = Math.min(left, 1 + random.nextInt(random.nextBoolean() ? 20 : 9000));
                cuts.add(read);
                left -= read;
            }

            assertArrayEquals(stream.unmasked(), unmaskInReads(masked,
                    cuts.stream().mapToInt(Integer::intValue).toArray()), "round " + round);
        }
    }

    @Test
    void aZeroKey_passesThePayloadUnchanged() {
        Stream stream = new Stream(new Random(1));
        stream.frameWithKey(true, TEXT, 300, new byte[4]);
        byte[] masked = stream.masked();

        assertArrayEquals(stream.unmasked(), unmaskInReads(masked, new int[] {masked.length}));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 1000})
    void anUnmaskedFrame_isDropped_andRefusedOnceItsLastByteIsRead(int readSize) {
        Stream before = new Stream(new Random(7));
        before.frame(true, TEXT, 20, true);
        Stream refused = new Stream(new Random(8));
        refused.frame(true, TEXT, 300, false);

        FrameUnmasker unmasker = new FrameUnmasker(Long.MAX_VALUE);
        assertRefusedAtTheEndOf(unmasker, before, refused, readSize, RelayError.UNMASKED_FRAME);
        assertEquals(300, unmasker.refusedFrameBytes());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 64, 100_000})
    void aDataFrameOverTheLimit_isDropped_andRefusedOnlyOnceItsLastByteIsRead(int readSize) {
        Stream before = new Stream(new Random(2));
        before.frame(true, TEXT, 1000, true); // exactly the limit: let through
        before.frame(true, PING, 5, true);
        Stream refused = new Stream(new Random(3));
        refused.frame(true, TEXT, 70_000, true);

        FrameUnmasker unmasker = new FrameUnmasker(1000);
        assertRefusedAtTheEndOf(unmasker, before, refused, readSize, RelayError.FRAME_TOO_LARGE);
        assertEquals(70_000, unmasker.refusedFrameBytes());
    }

    /**
     * Feeds the frames of {@code before}, then the one of {@code refused}, then a close frame, in
     * reads of {@code readSize}: the refusal shows after the refused frame's last byte, not
     * before, and what comes out is {@code before} whole, then at most the refused frame's
     * header bytes up to its length (first byte, length byte, extended length), never its
     * payload or anything after it.
     */
    private static void assertRefusedAtTheEndOf(FrameUnmasker unmasker, Stream before,
            Stream refused, int readSize, RelayError why) {
        Stream after = new Stream(new Random(4));
        after.frame(true, CLOSE, 2, true);
        byte[] input = concat(before.masked(), refused.masked(), after.masked());
        int refusedFrameEnd = before.masked().length + refused.masked().length;

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < input.length; at += readSize) {
            int length = Math.min(readSize, input.length - at);
            byte[] read = java.util.Arrays.copyOfRange(input, at, at + length);
            out.write(read, 0, unmasker.unmask(read, 0, length));
            assertEquals(at + length >= refusedFrameEnd ? why : null, unmasker.refusal(),
                    "after " + (at + length) + " bytes");
        }

        byte[] given = out.toByteArray();
        byte[] expected = before.unmasked();
        assertArrayEquals(expected, java.util.Arrays.copyOf(given, expected.length));
        assertTrue(given.length - expected.length <= 10, "only header bytes: " + given.length);
    }

    @Test
    void aControlFrameOverTheLimit_isLeftToTheContainer() {
        Stream stream = new Stream(new Random(5));
        stream.frame(true, PING, 125, true);
        FrameUnmasker unmasker = new FrameUnmasker(64);
        byte[] masked = stream.masked();

        assertEquals(stream.unmasked().length, unmasker.unmask(masked, 0, masked.length));
        assertEquals(null, unmasker.refusal());
    }

    @Test
    void aLengthWithItsTopBitSet_isRefusedAtOnce() {
        byte[] header = bytes(0x81, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 'x');
        FrameUnmasker unmasker = new FrameUnmasker(Long.MAX_VALUE);

        assertEquals(10, unmasker.unmask(header, 0, header.length), "the header up to its key");
        assertEquals(RelayError.FRAME_TOO_LARGE, unmasker.refusal());
        assertEquals(Long.MAX_VALUE, unmasker.refusedFrameBytes());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            joined.writeBytes(part);
        }
        return joined.toByteArray();
    }

    /** Feeds the bytes in reads of the given sizes, in place, and joins what each gives. */
    private static byte[] unmaskInReads(byte[] input, int[] readSizes) {
        FrameUnmasker unmasker = new FrameUnmasker(Long.MAX_VALUE);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int at = 0;
        for (int size : readSizes) {
            int length = Math.min(size, input.length - at);
            if (length == 0) {
                break;
            }
            // each read lands at an offset inside a larger array, as a container's buffer does
            byte[] buffer = new byte[length + 10];
            System.arraycopy(input, at, buffer, 5, length);
            int out = unmasker.unmask(buffer, 5, length);
            assertTrue(out >= 0 && out <= length, "the output fits where the input was");
            joined.write(buffer, 5, out);
            at += length;
        }
        return joined.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** The same frames twice: as a client sends them, and as they read without masking. */
    private static final class Stream {
        private final Random random;
        private final ByteArrayOutputStream masked = new ByteArrayOutputStream();
        private final ByteArrayOutputStream unmasked = new ByteArrayOutputStream();

        Stream(Random random) {
            this.random = random;
        }

        void frame(boolean fin, int opcode, int length, boolean mask) {
            if (mask) {
                byte[] key = new byte[4];
                random.nextBytes(key);
                frameWithKey(fin, opcode, length, key);
            } else {
                byte[] payload = payload(length);
                header(masked, fin, opcode, length, false);
                masked.writeBytes(payload);
                header(unmasked, fin, opcode, length, false);
                unmasked.writeBytes(payload);
            }
        }

        void frameWithKey(boolean fin, int opcode, int length, byte[] key) {
            byte[] payload = payload(length);
            header(masked, fin, opcode, length, true);
            masked.writeBytes(key);
            for (int i = 0; i < length; i++) {
                masked.write(payload[i] ^ key[i % 4]);
            }
            header(unmasked, fin, opcode, length, false);
            unmasked.writeBytes(payload);
        }

        private byte[] payload(int length) {
            byte[] payload = new byte[length];
            random.nextBytes(payload);
            return payload;
        }

        private static void header(ByteArrayOutputStream out, boolean fin, int opcode,
                int length, boolean mask) {
            out.write((fin ? 0x80 : 0) | opcode);
            int maskBit = mask ? 0x80 : 0;
            if (length <= 125) {
                out.write(maskBit | length);
            } else if (length <= 0xFFFF) {
                out.write(maskBit | 126);
                out.write(length >>> 8);
                out.write(length);
            } else {
                out.write(maskBit | 127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.write((int) ((long) length >>> shift));
                }
            }
        }

        byte[] masked() {
            return masked.toByteArray();
        }

        byte[] unmasked() {
            return unmasked.toByteArray();
        }
    }
}
