package dev.pfs.browser.webcrypto;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.ArrayBufferView;

/**
 * WebCrypto algorithm parameter objects and key usage lists for protocol version 1, built in one
 * place so the parameters match the JCA backend's (same salt length, curve, tag size).
 */
final class Algorithms {
    private Algorithms() {
    }

    /** RSA-PSS 2048 with SHA-256, public exponent 65537, for generateKey. */
    @JSBody(script = "return { name: 'RSA-PSS', modulusLength: 2048,"
            + " publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };")
    static native JSObject rsaPssKeyGen();

    /** RSA-PSS with SHA-256, for importKey of a public key. */
    @JSBody(script = "return { name: 'RSA-PSS', hash: 'SHA-256' };")
    static native JSObject rsaPssImport();

    /**
     * RSA-PSS sign / verify with a 32-byte salt: the same as JCA's PSSParameterSpec("SHA-256",
     * "MGF1", SHA-256, 32, 1). WebCrypto always uses MGF1 with the key's hash.
     */
    @JSBody(script = "return { name: 'RSA-PSS', saltLength: 32 };")
    static native JSObject rsaPssSaltLength32();

    @JSBody(script = "return { name: 'ECDH', namedCurve: 'P-256' };")
    static native JSObject ecdhP256();

    @JSBody(params = "theirPublicKey", script = "return { name: 'ECDH', public: theirPublicKey };")
    static native JSObject ecdhWith(CryptoKey theirPublicKey);

    @JSBody(script = "return { name: 'HKDF' };")
    static native JSObject hkdfImport();

    @JSBody(params = {"salt", "info"},
            script = "return { name: 'HKDF', hash: 'SHA-256', salt: salt, info: info };")
    static native JSObject hkdfSha256(ArrayBufferView salt, ArrayBufferView info);

    @JSBody(script = "return { name: 'HMAC', hash: 'SHA-256' };")
    static native JSObject hmacSha256();

    @JSBody(script = "return { name: 'AES-GCM' };")
    static native JSObject aesGcmImport();

    @JSBody(params = {"iv", "associatedData"}, script = "return { name: 'AES-GCM', iv: iv,"
            + " additionalData: associatedData, tagLength: 128 };")
    static native JSObject aesGcm128Tag(ArrayBufferView iv, ArrayBufferView associatedData);

    @JSBody(script = "return [];")
    static native JSObject noUsages();

    @JSBody(script = "return ['sign', 'verify'];")
    static native JSObject signAndVerify();

    @JSBody(script = "return ['verify'];")
    static native JSObject verifyOnly();

    @JSBody(script = "return ['sign'];")
    static native JSObject signOnly();

    @JSBody(script = "return ['deriveBits'];")
    static native JSObject deriveBitsOnly();

    @JSBody(script = "return ['encrypt'];")
    static native JSObject encryptOnly();

    @JSBody(script = "return ['decrypt'];")
    static native JSObject decryptOnly();
}
