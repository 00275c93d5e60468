package dev.pfs.relay.wire;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One text frame the relay sends: its text and, made once however many connections it goes to,
 * its bytes on the wire (RFC 6455 section 5.2: FIN, opcode 1, the payload length, no mask, as a
 * server sends, then the UTF-8 payload). Immutable.
 */
public final class OutboundFrame {
    private static final int FIN_AND_TEXT = 0x81;
    private static final int MAX_7_BIT_LENGTH = 125;
    private static final int LENGTH_16_BIT = 126;
    private static final int LENGTH_64_BIT = 127;

    private final String text;
    /** Made on first use; two threads may both make it, and get equal bytes. */
    private volatile byte[] wire;

    private OutboundFrame(String text) {
        this.text = text;
    }

    /** @param text the frame's text; it must be well-formed UTF-16 (no unpaired surrogate) */
    public static OutboundFrame of(String text) {
        return new OutboundFrame(Objects.requireNonNull(text, "text"));
    }

    public String text() {
        return text;
    }

    /**
     * The whole frame, header and payload. The array is shared by every connection the frame
     * goes to, so nobody may modify it.
     */
    public byte[] wire() {
        byte[] bytes = wire;
        if (bytes == null) {
            bytes = encode(text.getBytes(StandardCharsets.UTF_8));
            wire = bytes;
        }
        return bytes;
    }

    static byte[] encode(byte[] payload) {
        int length = payload.length;
        int header = length <= MAX_7_BIT_LENGTH ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) FIN_AND_TEXT;
        if (header == 2) {
            frame[1] = (byte) length;
        } else if (header == 4) {
            frame[1] = LENGTH_16_BIT;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = LENGTH_64_BIT;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, length);
        return frame;
    }

    @Override
    public String toString() {
        return "frame of " + text.length() + " chars";
    }
}
