package dev.pfs.crypto.jca;

import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.Hkdf;
import dev.pfs.crypto.Mac;

/**
 * HKDF-SHA256 (RFC 5869) on HMAC-SHA256; JDK 17 has no HKDF of its own. An empty salt is
 * HashLen zero bytes (section 2.2).
 */
final class JcaHkdf implements Hkdf {
    private static final int HASH_SIZE_IN_BYTES = Mac.TAG_SIZE_IN_BYTES;
    private static final int MAX_LENGTH = 255 * HASH_SIZE_IN_BYTES;

    private final Mac mac;

    JcaHkdf(Mac mac) {
        this.mac = mac;
    }

    @Override
    public byte[] deriveSha256(byte[] inputKeyMaterial, byte[] salt, byte[] info, int length)
            throws CryptoException {
        if (length < 1 || length > MAX_LENGTH) {
            throw new CryptoException("HKDF output of " + length + " bytes; expected 1 to "
                    + MAX_LENGTH);
        }
        byte[] pseudoRandomKey = mac.hmacSha256(
                salt.length == 0 ? new byte[HASH_SIZE_IN_BYTES] : salt, inputKeyMaterial);
        byte[] output = new byte[length];
        byte[] block = new byte[0];
        for (int i = 1, offset = 0; offset < length; i++) {
            byte[] input = new byte[block.length + info.length + 1];
            System.arraycopy(block, 0, input, 0, block.length);
            System.arraycopy(info, 0, input, block.length, info.length);
            input[input.length - 1] = (byte) i;
            block = mac.hmacSha256(pseudoRandomKey, input);
            int count = Math.min(block.length, length - offset);
            System.arraycopy(block, 0, output, offset, count);
            offset += count;
        }
        return output;
    }
}
