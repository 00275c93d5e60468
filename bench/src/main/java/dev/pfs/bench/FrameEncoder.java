package dev.pfs.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes client frames (RFC 6455 section 5.2): always whole (FIN set), always masked with the
 * given key (section 5.3: every frame a client sends is masked).
 */
final class FrameEncoder {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private FrameEncoder() {
    }

    /** A text frame of {@code utf8}. */
    static ByteBuffer text(byte[] utf8, int maskKey) {
        return frame(FrameDecoder.TEXT, utf8, maskKey);
    }

    /** A close frame with {@code code} and {@code reason} (section 5.5.1). */
    static ByteBuffer close(int code, String reason, int maskKey) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return frame(FrameDecoder.CLOSE, payload, maskKey);
    }

    /** A frame of {@code opcode} carrying {@code payload}, masked with {@code maskKey}. */
    static ByteBuffer frame(int opcode, byte[] payload, int maskKey) {
        int length = payload.length;
        int header = 2 + (length < 126 ? 0 : length <= 0xFFFF ? 2 : 8) + 4;
        byte[] out = new byte[header + length];
        out[0] = (byte) (0x80 | opcode);
        if (length < 126) {
            out[1] = (byte) (0x80 | length);
        } else if (length <= 0xFFFF) {
            out[1] = (byte) (0x80 | 126);
            out[2] = (byte) (length >> 8);
            out[3] = (byte) length;
        } else {
            out[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                out[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        for (int i = 0; i < 4; i++) {
            out[header - 4 + i] = (byte) (maskKey >>> (24 - 8 * i));
        }
        mask(payload, out, header, maskKey);
        return ByteBuffer.wrap(out);
    }

    /** Copies {@code payload} into {@code out} at {@code at}, XORed with the key (5.3). */
    private static void mask(byte[] payload, byte[] out, int at, int maskKey) {
        // Eight bytes at a time: the key repeated twice covers bytes i..i+7 when i % 4 == 0.
        long key = ((long) maskKey << 32) | (maskKey & 0xFFFFFFFFL);
        int i = 0;
        for (; i + 8 <= payload.length; i += 8) {
            LONGS.set(out, at + i, (long) LONGS.get(payload, i) ^ key);
        }
        for (; i < payload.length; i++) {
            out[at + i] = (byte) (payload[i] ^ (maskKey >>> (24 - 8 * (i & 3))));
        }
    }
}
