package dev.pfs.browser.webcrypto;

import dev.pfs.crypto.RandomSource;
import org.teavm.jso.crypto.Crypto;
import org.teavm.jso.typedarrays.Int8Array;

/** The browser's CSPRNG, {@code crypto.getRandomValues}. */
final class RandomWebCrypto implements RandomSource {
    /** getRandomValues fills at most 65536 bytes per call. */
    private static final int MAX_CHUNK_IN_BYTES = 65536;

    @Override
    public byte[] nextBytes(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("invalid random length " + length);
        }
        byte[] result = new byte[length];
        for (int offset = 0; offset < length; offset += MAX_CHUNK_IN_BYTES) {
            int chunk = Math.min(MAX_CHUNK_IN_BYTES, length - offset);
            Int8Array random = new Int8Array(chunk);
            Crypto.current().getRandomValues(random);
            for (int i = 0; i < chunk; i++) {
                result[offset + i] = random.get(i);
            }
        }
        return result;
    }
}
