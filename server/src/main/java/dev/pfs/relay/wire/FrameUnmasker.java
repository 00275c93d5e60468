package dev.pfs.relay.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Removes the client-to-server masking (RFC 6455 section 5.3) from a stream of WebSocket frames
 * as it is read, in place: each masked frame comes out with its mask bit cleared, without its
 * four key bytes, and with its payload unmasked. Unmasked frames pass unchanged.
 *
 * <p>Why: Tyrus unmasks every inbound byte through {@code volatile} fields, a memory fence per
 * byte; with 60 KiB publishes that was over half of the relay's CPU time (performance.md). A
 * frame that arrives unmasked Tyrus copies in bulk. Its own checks (opcodes, lengths, control
 * frames, UTF-8, size limits) still see every frame, since only the mask changes.
 *
 * <p>Each byte read gives at most one byte out and nothing is looked ahead at, so frames may be
 * cut anywhere between reads and the output always fits where the input was. One instance per
 * connection; calls must not overlap.
 */
public final class FrameUnmasker {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int MASK_BIT = 0x80;

    private enum Part { FIRST_BYTE, LENGTH_BYTE, EXTENDED_LENGTH, KEY, PAYLOAD }

    private Part part = Part.FIRST_BYTE;
    private boolean masked;
    private int extendedLengthBytesLeft;
    private long payloadLeft;
    private int keyBytesRead;
    /** The masking key, first key byte lowest, as it applies to a payload at key offset 0. */
    private int key;
    /** Which byte of the key the next payload byte is masked with, 0 to 3. */
    private int keyOffset;

    /**
     * Unmasks {@code bytes[offset, offset + length)} in place.
     *
     * @return how many bytes, from {@code offset}, now hold the frames' unmasked bytes
     */
    public int unmask(byte[] bytes, int offset, int length) {
        int in = offset;
        int out = offset;
        int end = offset + length;
        while (in < end) {
            if (part == Part.PAYLOAD) {
                int run = (int) Math.min(payloadLeft, end - in);
                unmaskPayload(bytes, in, out, run);
                in += run;
                out += run;
                payloadLeft -= run;
                if (payloadLeft == 0) {
                    part = Part.FIRST_BYTE;
                }
                continue;
            }
            int b = bytes[in++] & 0xFF;
            switch (part) {
                case FIRST_BYTE -> {
                    bytes[out++] = (byte) b;
                    part = Part.LENGTH_BYTE;
                }
                case LENGTH_BYTE -> {
                    masked = (b & MASK_BIT) != 0;
                    int code = b & ~MASK_BIT;
                    bytes[out++] = (byte) code;
                    payloadLeft = code;
                    extendedLengthBytesLeft = code == 126 ? 2 : code == 127 ? 8 : 0;
                    if (extendedLengthBytesLeft > 0) {
                        payloadLeft = 0;
                        part = Part.EXTENDED_LENGTH;
                    } else {
                        afterLength();
                    }
                }
                case EXTENDED_LENGTH -> {
                    bytes[out++] = (byte) b;
                    payloadLeft = (payloadLeft << 8) | b;
                    if (--extendedLengthBytesLeft == 0) {
                        afterLength();
                    }
                }
                case KEY -> {
                    key |= b << (8 * keyBytesRead);
                    if (++keyBytesRead == 4) {
                        afterKey();
                    }
                }
                default -> throw new IllegalStateException(part.name());
            }
        }
        return out - offset;
    }

    private void afterLength() {
        if (masked) {
            key = 0;
            keyBytesRead = 0;
            part = Part.KEY;
        } else {
            afterKey();
        }
    }

    private void afterKey() {
        keyOffset = 0;
        // A 64-bit length with its top bit set is not a valid frame; the container refuses it
        // by its length, and everything after it is treated as its payload meanwhile.
        part = payloadLeft == 0 ? Part.FIRST_BYTE : Part.PAYLOAD;
        if (!masked) {
            key = 0;
        }
    }

    /** Unmasks {@code run} payload bytes from {@code in} to {@code out}; {@code out <= in}. */
    private void unmaskPayload(byte[] bytes, int in, int out, int run) {
        if (key == 0) {
            System.arraycopy(bytes, in, bytes, out, run);
            return;
        }
        int done = 0;
        if (run >= Long.BYTES) {
            // the key as it lines up with the next byte, repeated over eight bytes
            int rotated = Integer.rotateRight(key, 8 * keyOffset);
            long wide = (rotated & 0xFFFF_FFFFL) | ((long) rotated << 32);
            for (; done <= run - Long.BYTES; done += Long.BYTES) {
                long word = (long) LONGS.get(bytes, in + done);
                LONGS.set(bytes, out + done, word ^ wide);
            }
        }
        int at = keyOffset;
        for (; done < run; done++) {
            bytes[out + done] = (byte) (bytes[in + done] ^ (key >>> (8 * (at & 3))));
            at++;
        }
        keyOffset = (keyOffset + run) & 3;
    }
}
