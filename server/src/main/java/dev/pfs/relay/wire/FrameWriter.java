package dev.pfs.relay.wire;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringWriter;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes the frames the relay sends, with a JSON-P generator. Each method returns the complete
 * text of one frame; a publish is written once and the same frame is queued to every
 * subscriber. Thread-safe.
 *
 * <p>A JSON string may carry an unpaired surrogate (a client may send the escape of one, such as
 * backslash, u, d800), which the generator writes as a bare char that no UTF-8 encoder accepts.
 * Such chars are escaped again, so the frame can be sent and the value arrives as published.
 */
public final class FrameWriter {
    private final JsonGeneratorFactory generators = Json.createGeneratorFactory(Map.of());

    /** {@code {"rid": rid}}: the event succeeded and has no result. */
    public String ack(long rid) {
        return write(24, json -> json.write("rid", rid));
    }

    /** {@code {"rid": rid, "data": {"id", "pingTimeout", "isAuthenticated": false}}}. */
    public String handshake(long rid, String connectionId, long pingTimeoutMillis) {
        return write(96, json -> json.write("rid", rid)
                .writeStartObject("data")
                .write("id", connectionId)
                .write("pingTimeout", pingTimeoutMillis)
                .write("isAuthenticated", false)
                .writeEnd());
    }

    /** {@code {"rid": rid, "error": {"name", "message"}}}. */
    public String error(long rid, RelayError error, String message) {
        return write(128, json -> json.write("rid", rid)
                .writeStartObject("error")
                .write("name", error.errorName())
                .write("message", message)
                .writeEnd());
    }

    /**
     * {@code {"event": "#publish", "data": {"channel", "data"}}}, the event every subscriber of
     * the channel receives.
     *
     * @param data the published value, or null when the publish had none (then no data key)
     */
    public String publish(String channel, JsonValue data) {
        return publish(channel, data, 0);
    }

    /**
     * {@link #publish(String, JsonValue)}, sized for the frame that carried the data: a large
     * publish is then written without the text growing (and being copied) step by step.
     *
     * @param sizeHint the length of the publish frame as the client sent it
     */
    public String publish(String channel, JsonValue data, int sizeHint) {
        Objects.requireNonNull(channel, "channel");
        return write(Math.max(sizeHint, 0) + 64 + channel.length(), json -> {
            json.write("event", "#publish").writeStartObject("data").write("channel", channel);
            if (data != null) {
                json.write("data", data);
            }
            json.writeEnd();
        });
    }

    /** One object: its opening and closing braces around what {@code members} writes. */
    private String write(int sizeHint, Consumer<JsonGenerator> members) {
        StringWriter out = new StringWriter(sizeHint);
        try (JsonGenerator json = generators.createGenerator(out)) {
            json.writeStartObject();
            members.accept(json);
            json.writeEnd();
        }
        return escapeUnpairedSurrogates(out.toString());
    }

    /**
     * The JSON text with every unpaired surrogate as a six-char escape. Outside strings the
     * generator writes only ASCII, so each such char is inside a string, where the escape is
     * valid.
     */
    static String escapeUnpairedSurrogates(String json) {
        int first = firstUnpairedSurrogate(json, 0);
        if (first < 0) {
            return json;
        }
        StringBuilder escaped = new StringBuilder(json.length() + 16);
        int from = 0;
        for (int at = first; at >= 0; at = firstUnpairedSurrogate(json, at + 1)) {
            escaped.append(json, from, at).append(String.format("\\u%04x", (int) json.charAt(at)));
            from = at + 1;
        }
        return escaped.append(json, from, json.length()).toString();
    }

    private static int firstUnpairedSurrogate(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a pair: one code point
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
