package dev.pfs.relay.wire;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Reads a client's text frame, {@code {"event": ..., "data": ..., "cid": ...}}, with a streaming
 * JSON-P parser. Depth is checked while parsing, before any value of the offending depth is
 * built, so a deeply nested frame costs no more than its (size-limited) text. Keys other than
 * event, data and cid are ignored; a repeated key keeps its last value, as JavaScript's
 * {@code JSON.parse} does. Thread-safe.
 */
public final class FrameReader {
    /** The largest cid a JavaScript client can count to exactly: 2^53 - 1. */
    static final long MAX_CID = (1L << 53) - 1;

    private static final BigDecimal MAX_CID_DECIMAL = BigDecimal.valueOf(MAX_CID);

    private final JsonParserFactory parsers = Json.createParserFactory(Map.of());
    private final JsonBuilderFactory builders = Json.createBuilderFactory(Map.of());
    private final int maxDepth;

    /** @param maxDepth deepest nesting accepted, counting the frame object itself as 1 */
    public FrameReader(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("max depth " + maxDepth + "; at least 1");
        }
        this.maxDepth = maxDepth;
    }

    /**
     * Parses one frame.
     *
     * @throws FrameRejectedException with {@link RelayError#INVALID_JSON},
     *     {@link RelayError#NOT_AN_OBJECT}, {@link RelayError#INVALID_CID},
     *     {@link RelayError#NESTING_TOO_DEEP} or {@link RelayError#INVALID_EVENT}
     */
    public InboundFrame read(String text) {
        Members members = new Members(text.length());
        try (JsonParser parser = parsers.createParser(new StringReader(text))) {
            if (parser.next() != Event.START_OBJECT) {
                throw members.reject(RelayError.NOT_AN_OBJECT,
                        "expected a JSON object; got another JSON value");
            }
            readMembers(parser, members);
            if (parser.hasNext()) {
                throw members.reject(RelayError.INVALID_JSON, "text after the frame object");
            }
        } catch (FrameRejectedException e) {
            throw e;
        } catch (RuntimeException e) {
            // JsonParsingException for broken JSON; Parsson throws a bare RuntimeException past
            // its own depth limit. Cut off mid-way, the cid may be unread: no answer possible.
            RelayError error =
                    members.tooDeep ? RelayError.NESTING_TOO_DEEP : RelayError.INVALID_JSON;
            throw new FrameRejectedException(error, InboundFrame.NO_CID,
                    members.tooDeep ? depthMessage() : "not JSON" + where(e));
        }
        return members.toFrame();
    }

    private void readMembers(JsonParser parser, Members members) {
        for (Event event = parser.next(); event != Event.END_OBJECT; event = parser.next()) {
            String key = parser.getString();
            Event value = parser.next();
            switch (key) {
                case "event" -> members.readEvent(parser, value);
                case "cid" -> members.readCid(parser, value);
                case "data" -> members.data = readValue(parser, value, 2, members);
                default -> readValue(parser, value, 2, members);
            }
        }
    }

    /** Reads the value starting at {@code event}; null (and the tooDeep mark) past the depth. */
    private JsonValue readValue(JsonParser parser, Event event, int depth, Members members) {
        if (event != Event.START_OBJECT && event != Event.START_ARRAY) {
            return parser.getValue();
        }
        if (depth > maxDepth || members.tooDeep) {
            members.tooDeep |= depth > maxDepth;
            skip(parser);
            return null;
        }
        return event == Event.START_OBJECT
                ? readObject(parser, depth, members) : readArray(parser, depth, members);
    }

    private JsonValue readObject(JsonParser parser, int depth, Members members) {
        JsonObjectBuilder object = builders.createObjectBuilder();
        for (Event event = parser.next(); event != Event.END_OBJECT; event = parser.next()) {
            String key = parser.getString();
            JsonValue value = readValue(parser, parser.next(), depth + 1, members);
            if (value != null) {
                object.add(key, value);
            }
        }
        return object.build();
    }

    private JsonValue readArray(JsonParser parser, int depth, Members members) {
        JsonArrayBuilder array = builders.createArrayBuilder();
        for (Event event = parser.next(); event != Event.END_ARRAY; event = parser.next()) {
            JsonValue value = readValue(parser, event, depth + 1, members);
            if (value != null) {
                array.add(value);
            }
        }
        return array.build();
    }

    /** Skips the rest of the object or array just started, without building or recursing. */
    private static void skip(JsonParser parser) {
        int open = 1;
        while (open > 0) {
            Event event = parser.next();
            if (event == Event.START_OBJECT || event == Event.START_ARRAY) {
                open++;
            } else if (event == Event.END_OBJECT || event == Event.END_ARRAY) {
                open--;
            }
        }
    }

    /** The JSON type of the value starting at {@code event}, for error messages. */
    static String describe(JsonParser parser, Event event) {
        return switch (event) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> event.toString();
        };
    }

    private String depthMessage() {
        return "JSON nested deeper than " + maxDepth + " levels";
    }

    private static String where(RuntimeException e) {
        return e instanceof JsonParsingException parsing && parsing.getLocation() != null
                ? " at offset " + parsing.getLocation().getStreamOffset() : "";
    }

    /** What was read of the frame's members so far. */
    private final class Members {
        String event;
        JsonValue data;
        long cid = InboundFrame.NO_CID;
        final int textLength;
        boolean cidInvalid;
        boolean tooDeep;

        String eventType;
        String cidType;

        Members(int textLength) {
            this.textLength = textLength;
        }

        void readEvent(JsonParser parser, Event value) {
            if (value == Event.VALUE_STRING) {
                event = parser.getString();
                return;
            }
            event = null;
            eventType = describe(parser, value);
            readValue(parser, value, 2, this);
        }

        void readCid(JsonParser parser, Event value) {
            cidType = value != Event.VALUE_NUMBER ? describe(parser, value)
                    : parser.isIntegralNumber() ? "an integer out of range"
                    : "a number with a fraction";
            if (value == Event.VALUE_NUMBER && parser.isIntegralNumber()) {
                BigDecimal number = parser.getBigDecimal();
                if (number.signum() >= 0 && number.compareTo(MAX_CID_DECIMAL) <= 0) {
                    cid = number.longValueExact();
                    cidInvalid = false;
                    return;
                }
            }
            readValue(parser, value, 2, this);
            cid = InboundFrame.NO_CID;
            cidInvalid = true;
        }

        FrameRejectedException reject(RelayError error, String message) {
            return new FrameRejectedException(error, InboundFrame.NO_CID, message);
        }

        InboundFrame toFrame() {
            if (cidInvalid) {
                throw reject(RelayError.INVALID_CID,
                        "expected cid to be an integer from 0 to " + MAX_CID + "; got " + cidType);
            }
            if (tooDeep) {
                throw new FrameRejectedException(RelayError.NESTING_TOO_DEEP, cid, depthMessage());
            }
            if (event == null) {
                throw new FrameRejectedException(RelayError.INVALID_EVENT, cid,
                        "expected event to be a string; got "
                                + (eventType == null ? "no event" : eventType));
            }
            return new InboundFrame(event, data, cid, textLength);
        }
    }
}
