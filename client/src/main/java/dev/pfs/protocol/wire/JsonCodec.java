package dev.pfs.protocol.wire;

/**
 * Converts {@link WireObject}s to and from JSON text with the platform's own JSON: JSON-P on the
 * JVM, the browser's {@code JSON} object in TeaVM. Implementations handle flat objects only.
 */
public interface JsonCodec {
    /** Renders a JSON object with the fields in order; strings escaped as RFC 8259 requires. */
    String write(WireObject object);

    /**
     * Parses a JSON object whose values are all strings or integers within
     * {@link WireObject#MAX_SAFE_INTEGER}.
     *
     * @throws MalformedMessageException when the text is not JSON, not an object, or holds
     *         another kind of value (null, boolean, fraction, array, object)
     */
    WireObject read(String json) throws MalformedMessageException;
}
