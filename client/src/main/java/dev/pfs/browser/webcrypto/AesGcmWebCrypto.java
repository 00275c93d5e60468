package dev.pfs.browser.webcrypto;

import dev.pfs.browser.js.Bytes;
import dev.pfs.crypto.Aead;
import dev.pfs.crypto.CryptoException;
import java.util.Objects;
import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.Int8Array;

/** AES-128-GCM through WebCrypto; the key is imported per call and never made extractable. */
final class AesGcmWebCrypto implements Aead {
    private static final String DECRYPTION_FAILED = "decryption failed";

    @Override
    public byte[] seal(byte[] key, byte[] iv, byte[] plaintext, byte[] associatedData)
            throws CryptoException {
        Objects.requireNonNull(plaintext, "plaintext");
        JSObject parameters = parameters(iv, associatedData);
        CryptoKey aesKey = importKey(key, Algorithms.encryptOnly());
        return Bytes.fromJs(Subtle.await(
                Subtle.api().encrypt(parameters, aesKey, Bytes.toJs(plaintext)),
                "aes-gcm encryption failed"));
    }

    @Override
    public byte[] open(byte[] key, byte[] iv, byte[] ciphertextAndTag, byte[] associatedData)
            throws CryptoException {
        Objects.requireNonNull(ciphertextAndTag, "ciphertextAndTag");
        JSObject parameters = parameters(iv, associatedData);
        CryptoKey aesKey = importKey(key, Algorithms.decryptOnly());
        try {
            return Bytes.fromJs(Subtle.await(
                    Subtle.api().decrypt(parameters, aesKey, Bytes.toJs(ciphertextAndTag)),
                    DECRYPTION_FAILED));
        } catch (CryptoException e) {
            // One message for a bad tag, a short input and a wrong key alike.
            throw new CryptoException(DECRYPTION_FAILED, e);
        }
    }

    private static JSObject parameters(byte[] iv, byte[] associatedData)
            throws CryptoException {
        Objects.requireNonNull(iv, "iv");
        Objects.requireNonNull(associatedData, "associatedData");
        if (iv.length != IV_SIZE_IN_BYTES) {
            throw new CryptoException(
                    "invalid iv length " + iv.length + "; expected " + IV_SIZE_IN_BYTES);
        }
        return Algorithms.aesGcm128Tag(Bytes.toJs(iv), Bytes.toJs(associatedData));
    }

    private static CryptoKey importKey(byte[] key, JSObject usages) throws CryptoException {
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_SIZE_IN_BYTES) {
            throw new CryptoException(
                    "invalid aes key length " + key.length + "; expected " + KEY_SIZE_IN_BYTES);
        }
        Int8Array copy = Bytes.toJs(key);
        try {
            return Subtle.await(Subtle.api().importKey(
                    "raw", copy, Algorithms.aesGcmImport(), false, usages),
                    "aes key import failed").cast();
        } finally {
            Bytes.wipe(copy);
        }
    }
}
