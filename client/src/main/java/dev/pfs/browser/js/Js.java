package dev.pfs.browser.js;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/** Small conversions of JavaScript values that JSO has no typed accessor for. */
public final class Js {
    private Js() {
    }

    @JSBody(params = "value", script = "return value === true;")
    public static native boolean isTrue(JSObject value);

    @JSBody(params = "value", script = "return value === undefined || value === null;")
    public static native boolean isMissing(JSObject value);

    /** The parsed value, or null when the text is not JSON. */
    @JSBody(params = "text", script = ""
            + "try { return JSON.parse(text); } catch (e) { return null; }")
    public static native JSObject parseJsonOrNull(String text);

    @JSBody(params = "value", script = "return JSON.stringify(value);")
    public static native String toJson(JSObject value);

    /** Current time in milliseconds since the epoch, from the browser's clock. */
    @JSBody(script = "return Date.now();")
    public static native double now();
}
