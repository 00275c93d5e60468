package dev.pfs.browser.js;

import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.ArrayBuffer;
import org.teavm.jso.typedarrays.Int8Array;

/**
 * Copies between Java byte arrays and JavaScript buffers, never sharing memory, so wiping or
 * reusing one side cannot touch the other.
 *
 * <p>Why by hand: in TeaVM's JavaScript output a {@code byte[]} is an Int8Array, and
 * {@code Int8Array.copyFromJavaArray} / {@code copyToJavaArray} are marked "by reference where
 * possible", so they share the Java array's memory despite their names. A typed array built from
 * another typed array is a real copy.
 */
public final class Bytes {
    private Bytes() {
    }

    /** A fresh typed array holding a copy of the bytes. */
    public static Int8Array toJs(byte[] bytes) {
        return new Int8Array(Int8Array.fromJavaArray(bytes));
    }

    /** A fresh Java array holding a copy of the buffer's bytes. */
    public static byte[] fromJs(ArrayBuffer buffer) {
        return new Int8Array(new Int8Array(buffer)).toJavaArray();
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
