package dev.pfs.relay.config;

/**
 * Every MicroProfile Config key the relay reads, with its default and the values it accepts.
 * The single list that {@link RelaySettings}, {@code payara-config/relay.properties} and
 * {@code src/site/markdown/relay.md} follow (a unit test holds the last two to it).
 */
public enum Setting {
    PROTOCOL_VERSION("relay.protocolVersion", "2", 1, 2,
            "heartbeat dialect: 1 pings \"#1\" and expects \"#2\", 2 pings and pongs \"\""),
    PING_INTERVAL_MILLIS("relay.pingIntervalMillis", "8000", 100, 3_600_000,
            "how often the relay pings every connection"),
    PING_TIMEOUT_MILLIS("relay.pingTimeoutMillis", "20000", 200, 3_600_000,
            "a connection silent this long is closed; must exceed the ping interval"),
    // At most 2 MiB: the container reads a frame whole into a 4 MiB buffer, together with what
    // arrives behind it, and closes the connection itself once that overflows.
    MAX_FRAME_BYTES("relay.maxFrameBytes", "65536", 1024, 2_097_152,
            "largest text frame accepted, in UTF-8 bytes"),
    MAX_NESTING_DEPTH("relay.maxNestingDepth", "32", 3, 512,
            "deepest JSON nesting accepted; the frame object itself is depth 1"),
    MAX_CHANNEL_NAME_LENGTH("relay.maxChannelNameLength", "128", 1, 4096,
            "longest channel name, in characters"),
    CHANNEL_NAME_ALPHABET("relay.channelNameAlphabet", "A-Za-z0-9._:@-", 0, 0,
            "characters allowed in channel names: printable ASCII, x-y for a range"),
    MAX_SUBSCRIPTIONS("relay.maxSubscriptionsPerConnection", "100", 1, 1_000_000,
            "channels one connection may be subscribed to at once"),
    PUBLISH_RATE("relay.publishRatePerSecond", "100", 1, 1_000_000,
            "publishes per second one connection may sustain"),
    PUBLISH_BURST("relay.publishBurst", "200", 1, 1_000_000,
            "publishes one connection may send at once after being idle"),
    MAX_CONNECTIONS("relay.maxConnections", "10000", 1, 1_000_000,
            "open connections the relay accepts in total"),
    OUTBOUND_QUEUE_FRAMES("relay.outboundQueueFrames", "256", 1, 1_000_000,
            "frames waiting to be sent to one connection before it is closed as too slow"),
    DIRECT_FRAME_WRITES("relay.directFrameWrites", "1", 0, 1,
            "1 writes each frame, encoded once for all its receivers, to the WebSocket"
                    + " container's connection writer; 0 sends text through the standard API"),
    BULK_UNMASKING("relay.bulkUnmasking", "1", 0, 1,
            "1 removes the WebSocket masking of inbound frames in bulk before the container"
                    + " reads them; 0 leaves it to the container, which does it byte by byte");

    private final String key;
    private final String defaultValue;
    private final int min;
    private final int max;
    private final String meaning;

    Setting(String key, String defaultValue, int min, int max, String meaning) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.meaning = meaning;
    }

    /** The MicroProfile Config key, e.g. {@code relay.maxFrameBytes}. */
    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** Smallest accepted value of an integer setting. */
    public int min() {
        return min;
    }

    /** Largest accepted value of an integer setting. */
    public int max() {
        return max;
    }

    public String meaning() {
        return meaning;
    }
}
