package dev.pfs.jvm;

import dev.pfs.protocol.wire.JsonCodec;
import dev.pfs.protocol.wire.MalformedMessageException;
import dev.pfs.protocol.wire.WireObject;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Map;

/** The wire codec on the JVM, with JSON-P (Parsson). */
public final class JsonpCodec implements JsonCodec {
    private static final JsonProvider JSON = JsonProvider.provider();

    @Override
    public String write(WireObject object) {
        JsonObjectBuilder builder = JSON.createObjectBuilder();
        for (String name : object.names()) {
            Object value = object.get(name);
            if (value instanceof String) {
                builder.add(name, (String) value);
            } else {
                builder.add(name, (Long) value);
            }
        }
        return builder.build().toString();
    }

    @Override
    public WireObject read(String json) throws MalformedMessageException {
        JsonValue value;
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            value = reader.readValue();
        } catch (JsonException e) {
            throw new MalformedMessageException("not JSON: " + firstLine(e.getMessage()));
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new MalformedMessageException("expected a JSON object, got "
                    + value.getValueType().name().toLowerCase());
        }
        WireObject.Builder builder = WireObject.builder();
        for (Map.Entry<String, JsonValue> field : ((JsonObject) value).entrySet()) {
            add(builder, field.getKey(), field.getValue());
        }
        return builder.build();
    }

    private static void add(WireObject.Builder builder, String name, JsonValue value)
            throws MalformedMessageException {
        switch (value.getValueType()) {
            case STRING:
                builder.add(name, ((JsonString) value).getString());
                return;
            case NUMBER:
                JsonNumber number = (JsonNumber) value;
                if (!number.isIntegral() || number.bigDecimalValue().abs()
                        .compareTo(java.math.BigDecimal.valueOf(WireObject.MAX_SAFE_INTEGER)) > 0) {
                    throw new MalformedMessageException("field " + name
                            + ": expected an integer within 2^53 - 1");
                }
                builder.add(name, number.longValueExact());
                return;
            default:
                throw new MalformedMessageException("field " + name + ": expected a string or"
                        + " an integer, got " + value.getValueType().name().toLowerCase());
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
