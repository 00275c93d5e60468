package dev.pfs.browser.js;

import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.ArrayBuffer;
import org.teavm.jso.typedarrays.Int8Array;

/**
 * Copies between Java byte arrays and JavaScript buffers. Always copies: a typed array that shared
 * a Java array's memory would let key material outlive the Java array's owner.
 */
public final class Bytes {
    private Bytes() {
    }

    /** A fresh typed array holding a copy of the bytes. */
    public static Int8Array toJs(byte[] bytes) {
        return Int8Array.copyFromJavaArray(bytes);
    }

    /** A fresh Java array holding a copy of the buffer's bytes. */
    public static byte[] fromJs(ArrayBuffer buffer) {
        return new Int8Array(buffer).copyToJavaArray();
    }

    /** Same as {@link #fromJs(ArrayBuffer)} for a promise value known to be an ArrayBuffer. */
    public static byte[] fromJs(JSObject arrayBuffer) {
        return fromJs((ArrayBuffer) arrayBuffer.cast());
    }

    /** Overwrites a copy made for a WebCrypto call once the call has taken what it needs. */
    public static void wipe(Int8Array copy) {
        fill(copy, 0);
    }

    @org.teavm.jso.JSBody(params = {"array", "value"}, script = "array.fill(value);")
    private static native void fill(Int8Array array, int value);
}
