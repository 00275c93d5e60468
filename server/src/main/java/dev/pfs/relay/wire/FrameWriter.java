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
 * text of one frame; a publish is written once and the same string is queued to every
 * subscriber. Thread-safe.
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
        Objects.requireNonNull(channel, "channel");
        return write(64 + channel.length(), json -> {
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
        return out.toString();
    }
}
