package dev.pfs.protocol.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A flat JSON object: every value is a string or an integer, nothing nests. It is the only shape
 * the protocol puts on the wire, so a {@link JsonCodec} needs to handle no other. Binary fields
 * are base64url strings without padding (RFC 4648 section 5). Integers stay within
 * {@link #MAX_SAFE_INTEGER} so that a JavaScript number holds them exactly.
 *
 * <p>Immutable; field order is the order of insertion.
 */
public final class WireObject {
    /** 2^53 - 1, the largest integer a JavaScript number represents exactly. */
    public static final long MAX_SAFE_INTEGER = 9007199254740991L;

    private final Map<String, Object> fields;

    private WireObject(Map<String, Object> fields) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The field names, in insertion order. */
    public Set<String> names() {
        return fields.keySet();
    }

    public boolean has(String name) {
        return fields.containsKey(name);
    }

    /** The value of a field: a {@code String} or a {@code Long}; null when absent. */
    public Object get(String name) {
        return fields.get(name);
    }

    /** Returns the string field, or fails when it is absent or not a string. */
    public String string(String name) throws MalformedMessageException {
        Object value = fields.get(name);
        if (!(value instanceof String)) {
            throw new MalformedMessageException("field " + name + ": expected a string, got "
                    + describe(value));
        }
        return (String) value;
    }

    /** Returns the integer field, or fails when it is absent or not an integer. */
    public long number(String name) throws MalformedMessageException {
        Object value = fields.get(name);
        if (!(value instanceof Long)) {
            throw new MalformedMessageException("field " + name + ": expected an integer, got "
                    + describe(value));
        }
        return (Long) value;
    }

    /**
     * Returns the base64url field decoded, or fails when it is absent, not base64url, or not
     * exactly {@code length} bytes long.
     */
    public byte[] bytes(String name, int length) throws MalformedMessageException {
        return bytes(name, length, length);
    }

    /** Returns the base64url field decoded, failing unless its length is within the bounds. */
    public byte[] bytes(String name, int minLength, int maxLength)
            throws MalformedMessageException {
        byte[] value;
        try {
            value = Base64Url.decode(string(name));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("field " + name + ": " + e.getMessage());
        }
        if (value.length < minLength || value.length > maxLength) {
            String expected = minLength == maxLength
                    ? String.valueOf(minLength)
                    : minLength + " to " + maxLength;
            throw new MalformedMessageException("field " + name + ": expected " + expected
                    + " bytes, got " + value.length);
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WireObject && ((WireObject) other).fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }

    private static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        return value instanceof String ? "a string" : "an integer";
    }

    /** Collects fields; a name given twice keeps the last value. */
    public static final class Builder {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder add(String name, String value) {
            fields.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
            return this;
        }

        /** Adds an integer field; fails outside [-2^53 + 1, 2^53 - 1]. */
        public Builder add(String name, long value) {
            if (value > MAX_SAFE_INTEGER || value < -MAX_SAFE_INTEGER) {
                throw new IllegalArgumentException("field " + name + ": integer " + value
                        + " is beyond 2^53 - 1");
            }
            fields.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /** Adds a binary field as base64url without padding. */
        public Builder add(String name, byte[] value) {
            return add(name, Base64Url.encode(value));
        }

        public WireObject build() {
            return new WireObject(fields);
        }
    }
}
