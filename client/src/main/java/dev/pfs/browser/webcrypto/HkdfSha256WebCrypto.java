package dev.pfs.browser.webcrypto;

import dev.pfs.browser.js.Bytes;
import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.Digest;
import dev.pfs.crypto.Hkdf;
import java.util.Objects;
import org.teavm.jso.typedarrays.Int8Array;

/**
 * HKDF-SHA256 through WebCrypto's deriveBits. Used instead of deriveKey, which for ECDH to
 * AES-GCM just truncates the shared secret.
 */
final class HkdfSha256WebCrypto implements Hkdf {
    private static final int MAX_LENGTH_IN_BYTES = 255 * Digest.SHA256_SIZE_IN_BYTES;

    @Override
    public byte[] deriveSha256(byte[] inputKeyMaterial, byte[] salt, byte[] info, int length)
            throws CryptoException {
        Objects.requireNonNull(inputKeyMaterial, "inputKeyMaterial");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(info, "info");
        if (length < 1 || length > MAX_LENGTH_IN_BYTES) {
            throw new CryptoException("invalid hkdf output length " + length
                    + "; expected 1 to " + MAX_LENGTH_IN_BYTES);
        }
        Int8Array ikmCopy = Bytes.toJs(inputKeyMaterial);
        CryptoKey ikm;
        try {
            ikm = Subtle.await(Subtle.api().importKey("raw", ikmCopy, Algorithms.hkdfImport(),
                    false, Algorithms.deriveBitsOnly()), "hkdf key import failed").cast();
        } finally {
            Bytes.wipe(ikmCopy);
        }
        return Bytes.fromJs(Subtle.await(Subtle.api().deriveBits(
                Algorithms.hkdfSha256(Bytes.toJs(salt), Bytes.toJs(info)), ikm, length * 8),
                "hkdf failed"));
    }
}
