package dev.pfs.browser.webcrypto;

import dev.pfs.browser.js.Bytes;
import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.Mac;
import java.util.Objects;
import org.teavm.jso.typedarrays.Int8Array;

/** HMAC-SHA256 through WebCrypto. */
final class HmacSha256WebCrypto implements Mac {
    /** SHA-256's block size: HMAC pads shorter keys with zeros to it (RFC 2104 section 2). */
    private static final int BLOCK_SIZE_IN_BYTES = 64;

    @Override
    public byte[] hmacSha256(byte[] key, byte[] data) throws CryptoException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(data, "data");
        // WebCrypto refuses an empty HMAC key; RFC 2104 pads it to a block of zeros, which is
        // exactly the key we pass instead.
        Int8Array keyCopy = Bytes.toJs(key.length == 0 ? new byte[BLOCK_SIZE_IN_BYTES] : key);
        CryptoKey hmacKey;
        try {
            hmacKey = Subtle.await(Subtle.api().importKey("raw", keyCopy,
                    Algorithms.hmacSha256(), false, Algorithms.signOnly()),
                    "hmac key import failed").cast();
        } finally {
            Bytes.wipe(keyCopy);
        }
        return Bytes.fromJs(Subtle.await(
                Subtle.api().sign(Algorithms.hmacSha256(), hmacKey, Bytes.toJs(data)),
                "hmac-sha256 failed"));
    }
}
