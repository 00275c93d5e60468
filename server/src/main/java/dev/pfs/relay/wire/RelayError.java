package dev.pfs.relay.wire;

/**
 * Every error the relay reports, with the name clients see and the WebSocket close code used when
 * the offending frame carried no usable {@code cid} to answer. Codes 1002, 1003, 1009 and 1013
 * are RFC 6455 section 7.4.1 codes; 4001 and 4009 keep socketcluster's meaning; 41xx and 42xx
 * are the relay's own. The table in {@code src/site/markdown/relay.md} lists the same.
 */
public enum RelayError {
    /** The text frame is not JSON. */
    INVALID_JSON("InvalidJsonError", 4100),
    /** The frame is JSON but not an object. */
    NOT_AN_OBJECT("NotAnObjectError", 4101),
    /** The frame nests objects and arrays deeper than the configured depth. */
    NESTING_TOO_DEEP("NestingTooDeepError", 4102),
    /** {@code cid} is present but not an integer from 0 to 2^53 - 1, so no reply can be sent. */
    INVALID_CID("InvalidCidError", 4103),
    /** {@code event} is missing or not a string. */
    INVALID_EVENT("InvalidEventError", 4104),
    /** {@code data} is missing or of the wrong type for the event. */
    INVALID_DATA("InvalidDataError", 4105),
    /** The channel name is the empty string. */
    EMPTY_CHANNEL_NAME("EmptyChannelNameError", 4106),
    /** The channel name is longer than the configured length. */
    CHANNEL_NAME_TOO_LONG("ChannelNameTooLongError", 4107),
    /** The channel name has a character outside the configured alphabet. */
    CHANNEL_NAME_ALPHABET("ChannelNameAlphabetError", 4108),
    /** The connection is already subscribed to as many channels as allowed. */
    TOO_MANY_SUBSCRIPTIONS("TooManySubscriptionsError", 4109),
    /** The connection publishes faster than its rate and burst allow. */
    PUBLISH_RATE("PublishRateError", 4110),
    /** An event other than {@code #handshake} came before the handshake. */
    HANDSHAKE_REQUIRED("HandshakeRequiredError", 4009),
    /** An event the relay does not handle; without a cid it is ignored, never closed. */
    UNKNOWN_EVENT("UnknownEventError", 0),
    /** A binary frame: the protocol is text only. */
    BINARY_FRAME("BinaryFrameError", 1003),
    /** A data frame longer than the configured size. */
    FRAME_TOO_LARGE("FrameTooLargeError", 1009),
    /** A frame sent without the masking RFC 6455 section 5.1 requires of every client frame. */
    UNMASKED_FRAME("UnmaskedFrameError", 1002),
    /** The relay already holds as many connections as allowed. */
    TOO_MANY_CONNECTIONS("TooManyConnectionsError", 1013),
    /** The connection read too slowly: its outbound queue overflowed. */
    OUTBOUND_OVERFLOW("OutboundOverflowError", 4200),
    /** Nothing came from the connection for the ping timeout. */
    PING_TIMEOUT("PingTimeoutError", 4001);

    private final String errorName;
    private final int closeCode;

    RelayError(String errorName, int closeCode) {
        this.errorName = errorName;
        this.closeCode = closeCode;
    }

    /** The {@code error.name} clients see, in socketcluster's style. */
    public String errorName() {
        return errorName;
    }

    /** The WebSocket close code, or 0 for an error that never closes the connection. */
    public int closeCode() {
        return closeCode;
    }

    /** True for errors caused by what a client sent (the rejected-inputs metric counts these). */
    public boolean isInputError() {
        return this != OUTBOUND_OVERFLOW && this != PING_TIMEOUT;
    }
}
