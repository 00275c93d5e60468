package dev.pfs.relay.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Removes the client-to-server masking (RFC 6455 section 5.3) from a stream of WebSocket frames
 * as it is read, in place: each masked frame comes out with its mask bit cleared, without its
 * four key bytes, and with its payload unmasked.
 *
 * <p>Why: Tyrus unmasks every inbound byte through {@code volatile} fields, a memory fence per
 * byte; with 60 KiB publishes that was over half of the relay's CPU time (performance.md). A
 * frame that arrives unmasked Tyrus copies in bulk. Its own checks (opcodes, lengths, control
 * frames, UTF-8, size limits) still see every frame, since only the mask changes.
 *
 * <p>Each byte read gives at most one byte out and nothing is looked ahead at, so frames may be
 * cut anywhere between reads and the output always fits where the input was. One instance per
 * connection; calls must not overlap.
 *
 * <p>A frame that is not masked (RFC 6455 section 5.1 requires it of every client frame), or a
 * data frame whose header announces a payload over the limit, is refused: its payload is read
 * and dropped, not held, and from then on nothing more comes out (the connection is to be
 * closed). {@link #refusal} tells why once that frame has been read to its end, so that closing
 * leaves no unread bytes behind, which would reset the connection before the peer reads the
 * close frame. The bytes of its header that came out before its length was known leave the
 * reader waiting for a frame that never comes.
 */
public final class FrameUnmasker {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int MASK_BIT = 0x80;
    private static final int OPCODE = 0x0F;
    /** Opcodes 0 (continuation), 1 (text) and 2 (binary) are data frames (RFC 6455 5.6). */
    private static final int BINARY = 0x2;

    private enum Part { FIRST_BYTE, LENGTH_BYTE, EXTENDED_LENGTH, KEY, PAYLOAD, REFUSING, REFUSED }

    private final long maxPayloadBytes;
    private Part part = Part.FIRST_BYTE;
    private boolean dataFrame;
    /** Why the frame being refused is, or null. */
    private RelayError refusal;
    /** The announced payload of the refused frame. */
    private long refusedFrameBytes;
    private boolean masked;
    private int extendedLengthBytesLeft;
    private long payloadLeft;
    private int keyBytesRead;
    /** The masking key, first key byte lowest, as it applies to a payload at key offset 0. */
    private int key;
    /** Which byte of the key the next payload byte is masked with, 0 to 3. */
    private int keyOffset;

    /** @param maxPayloadBytes the largest data frame payload let through */
    public FrameUnmasker(long maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /**
     * Why a frame was refused ({@link RelayError#UNMASKED_FRAME} or
     * {@link RelayError#FRAME_TOO_LARGE}), once it has been read to its end; null while no frame
     * was refused or the refused one is still arriving.
     */
    public RelayError refusal() {
        return part == Part.REFUSED ? refusal : null;
    }

    /** The payload length the refused frame announced; see {@link #refusal}. */
    public long refusedFrameBytes() {
        return refusedFrameBytes;
    }

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
            if (part == Part.REFUSED) {
                break;
            }
            if (part == Part.REFUSING) {
                int run = (int) Math.min(payloadLeft, end - in);
                in += run;
                payloadLeft -= run;
                if (payloadLeft == 0) {
                    part = Part.REFUSED;
                }
                continue;
            }
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
                    dataFrame = (b & OPCODE) <= BINARY;
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
        if (payloadLeft < 0) {
            // a 64-bit length with its top bit set, which RFC 6455 forbids: no end to wait for
            refusal = RelayError.FRAME_TOO_LARGE;
            refusedFrameBytes = Long.MAX_VALUE;
            part = Part.REFUSED;
            return;
        }
        refusal = !masked ? RelayError.UNMASKED_FRAME
                : dataFrame && payloadLeft > maxPayloadBytes ? RelayError.FRAME_TOO_LARGE : null;
        if (refusal != null) {
            refusedFrameBytes = payloadLeft;
            payloadLeft += masked ? 4 : 0; // the key is dropped with the payload
            part = payloadLeft == 0 ? Part.REFUSED : Part.REFUSING;
            return;
        }
        key = 0;
        keyBytesRead = 0;
        part = Part.KEY;
    }

    private void afterKey() {
        keyOffset = 0;
        part = payloadLeft == 0 ? Part.FIRST_BYTE : Part.PAYLOAD;
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
