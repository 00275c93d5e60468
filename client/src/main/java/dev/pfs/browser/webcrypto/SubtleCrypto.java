package dev.pfs.browser.webcrypto;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.typedarrays.ArrayBuffer;
import org.teavm.jso.typedarrays.ArrayBufferView;

/**
 * The part of the browser's {@code crypto.subtle} (W3C Web Cryptography API) this project uses.
 * Algorithm parameters and key usages come from {@link Algorithms}.
 */
public abstract class SubtleCrypto implements JSObject {
    /** The page's {@code crypto.subtle}; absent outside a secure context (https or loopback). */
    @JSBody(script = "return (self.crypto && self.crypto.subtle) || null;")
    public static native SubtleCrypto current();

    public abstract JSPromise<ArrayBuffer> digest(String algorithm, ArrayBufferView data);

    public abstract JSPromise<CryptoKey> importKey(String format, ArrayBufferView keyData,
            JSObject algorithm, boolean extractable, JSObject usages);

    public abstract JSPromise<ArrayBuffer> exportKey(String format, CryptoKey key);

    /** Resolves to a {@link CryptoKeyPair} for RSA-PSS and ECDH. */
    public abstract JSPromise<CryptoKeyPair> generateKey(JSObject algorithm, boolean extractable,
            JSObject usages);

    public abstract JSPromise<ArrayBuffer> sign(JSObject algorithm, CryptoKey key,
            ArrayBufferView data);

    /** Resolves to a boolean; read it with {@code Js.isTrue}. */
    public abstract JSPromise<JSObject> verify(JSObject algorithm, CryptoKey key,
            ArrayBufferView signature, ArrayBufferView data);

    public abstract JSPromise<ArrayBuffer> encrypt(JSObject algorithm, CryptoKey key,
            ArrayBufferView data);

    public abstract JSPromise<ArrayBuffer> decrypt(JSObject algorithm, CryptoKey key,
            ArrayBufferView data);

    public abstract JSPromise<ArrayBuffer> deriveBits(JSObject algorithm, CryptoKey baseKey,
            int lengthInBits);
}
