package dev.pfs.protocol.wire;

import java.util.Base64;

/** Base64url without padding (RFC 4648 section 5), the encoding of every binary wire field. */
public final class Base64Url {
    private Base64Url() {
    }

    public static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Decodes strictly: only the base64url alphabet, no padding, no white space.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static byte[] decode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!alphabet) {
                throw new IllegalArgumentException("not base64url: character " + (i + 1));
            }
        }
        if (text.length() % 4 == 1) {
            throw new IllegalArgumentException("not base64url: length " + text.length());
        }
        byte[] bytes = Base64.getUrlDecoder().decode(text);
        // Reject non-canonical text (stray low bits in the last character) so that every value
        // has exactly one encoding.
        if (!encode(bytes).equals(text)) {
            throw new IllegalArgumentException("not base64url: non-canonical last character");
        }
        return bytes;
    }
}
