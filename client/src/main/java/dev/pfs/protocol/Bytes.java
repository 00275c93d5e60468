package dev.pfs.protocol;

import java.nio.charset.StandardCharsets;

/** Byte-string helpers for the transcript and the key schedule. */
final class Bytes {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Bytes() {
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] result = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, result, offset, part.length);
            offset += part.length;
        }
        return result;
    }

    /** The label's ASCII bytes followed by one zero byte, so no label is a prefix of another. */
    static byte[] label(String label) {
        return concat(utf8(label), new byte[] {0});
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Two bytes, big-endian. */
    static byte[] u16(int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("length " + value + " does not fit 16 bits");
        }
        return new byte[] {(byte) (value >>> 8), (byte) value};
    }

    /** Eight bytes, big-endian. */
    static byte[] u64(long value) {
        byte[] result = new byte[8];
        for (int i = 7; i >= 0; i--) {
            result[i] = (byte) value;
            value >>>= 8;
        }
        return result;
    }

    static long readU64(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }

    /** A length-prefixed (u16) field: unambiguous where lengths vary. */
    static byte[] prefixed(byte[] field) {
        return concat(u16(field.length), field);
    }

    static byte[] slice(byte[] bytes, int from, int to) {
        byte[] result = new byte[to - from];
        System.arraycopy(bytes, from, result, 0, result.length);
        return result;
    }

    static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            text.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
        return text.toString();
    }

    /** Unsigned lexicographic order. */
    static int compare(byte[] a, byte[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int difference = (a[i] & 0xFF) - (b[i] & 0xFF);
            if (difference != 0) {
                return difference;
            }
        }
        return a.length - b.length;
    }
}
