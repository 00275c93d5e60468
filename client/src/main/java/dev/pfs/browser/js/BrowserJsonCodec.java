package dev.pfs.browser.js;

import dev.pfs.protocol.wire.JsonCodec;
import dev.pfs.protocol.wire.MalformedMessageException;
import dev.pfs.protocol.wire.WireObject;
import java.util.Objects;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/** {@link JsonCodec} on the browser's own {@code JSON.parse} and {@code JSON.stringify}. */
public final class BrowserJsonCodec implements JsonCodec {
    @Override
    public String write(WireObject object) {
        Objects.requireNonNull(object, "object");
        JSObject json = emptyObject();
        for (String name : object.names()) {
            Object value = object.get(name);
            if (value instanceof String) {
                putString(json, name, (String) value);
            } else {
                // WireObject holds integers within 2^53 - 1, which a double keeps exactly.
                putNumber(json, name, ((Long) value).doubleValue());
            }
        }
        return Js.toJson(json);
    }

    @Override
    public WireObject read(String text) throws MalformedMessageException {
        Objects.requireNonNull(text, "text");
        JSObject parsed = Js.parseJsonOrNull(text);
        if (!isPlainObject(parsed)) {
            throw new MalformedMessageException(isMissing(text)
                    ? "not JSON" : "expected a JSON object");
        }
        WireObject.Builder builder = WireObject.builder();
        for (String name : keys(parsed)) {
            String kind = kindOf(parsed, name);
            if (kind.equals("string")) {
                builder.add(name, stringOf(parsed, name));
            } else if (kind.equals("integer")) {
                builder.add(name, (long) numberOf(parsed, name));
            } else {
                throw new MalformedMessageException("field " + name
                        + ": expected a string or an integer, got " + kind);
            }
        }
        return builder.build();
    }

    /** True when the text does not parse at all ("null" parses, to a value that is no object). */
    @JSBody(params = "text", script = "try { JSON.parse(text); return false; }"
            + " catch (e) { return true; }")
    private static native boolean isMissing(String text);

    @JSBody(script = "return {};")
    private static native JSObject emptyObject();

    @JSBody(params = {"object", "name", "value"}, script = "object[name] = value;")
    private static native void putString(JSObject object, String name, String value);

    @JSBody(params = {"object", "name", "value"}, script = "object[name] = value;")
    private static native void putNumber(JSObject object, String name, double value);

    @JSBody(params = "value", script = "return typeof value === 'object' && value !== null"
            + " && !Array.isArray(value);")
    private static native boolean isPlainObject(JSObject value);

    @JSBody(params = "object", script = "return Object.keys(object);")
    private static native String[] keys(JSObject object);

    /** "string", "integer" (a safe integer), or what else the value is, for the error. */
    @JSBody(params = {"object", "name"}, script = ""
            + "var value = object[name];"
            + "if (typeof value === 'string') { return 'string'; }"
            + "if (Number.isSafeInteger(value)) { return 'integer'; }"
            + "if (typeof value === 'number') { return 'a number that is no safe integer'; }"
            + "if (value === null) { return 'null'; }"
            + "if (Array.isArray(value)) { return 'an array'; }"
            + "return 'a ' + typeof value;")
    private static native String kindOf(JSObject object, String name);

    @JSBody(params = {"object", "name"}, script = "return object[name];")
    private static native String stringOf(JSObject object, String name);

    @JSBody(params = {"object", "name"}, script = "return object[name];")
    private static native double numberOf(JSObject object, String name);
}
