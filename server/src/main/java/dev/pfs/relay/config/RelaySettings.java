package dev.pfs.relay.config;

import dev.pfs.relay.channel.ChannelNameRule;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The relay's validated limits and timings, read once at start-up. Every key and default is listed
 * in {@link Setting}; an absent key takes its default, a present one must be valid.
 */
public final class RelaySettings {
    private final Map<Setting, Integer> numbers;
    private final ChannelNameRule channelNames;

    private RelaySettings(Map<Setting, Integer> numbers, ChannelNameRule channelNames) {
        this.numbers = numbers;
        this.channelNames = channelNames;
    }

    /** Every setting at its default. */
    public static RelaySettings defaults() {
        return from(key -> Optional.empty());
    }

    /**
     * Reads and validates every setting.
     *
     * @param source the configured value of a key, or empty for the default
     * @throws InvalidSettingsException naming every invalid value
     */
    public static RelaySettings from(Function<String, Optional<String>> source) {
        Objects.requireNonNull(source, "source");
        List<String> problems = new ArrayList<>();
        Map<Setting, Integer> numbers = new EnumMap<>(Setting.class);
        ChannelNameRule channelNames = null;
        for (Setting setting : Setting.values()) {
            String value = source.apply(setting.key()).orElse(setting.defaultValue()).trim();
            if (setting == Setting.CHANNEL_NAME_ALPHABET) {
                channelNames = channelNameRule(value, source, problems);
            } else {
                readInteger(setting, value, problems).ifPresent(n -> numbers.put(setting, n));
            }
        }
        Integer interval = numbers.get(Setting.PING_INTERVAL_MILLIS);
        Integer timeout = numbers.get(Setting.PING_TIMEOUT_MILLIS);
        if (interval != null && timeout != null && timeout <= interval) {
            problems.add(Setting.PING_TIMEOUT_MILLIS.key() + ": expected more than "
                    + Setting.PING_INTERVAL_MILLIS.key() + " (" + interval + "); got " + timeout);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        return new RelaySettings(numbers, channelNames);
    }

    private static Optional<Integer> readInteger(Setting setting, String value,
            List<String> problems) {
        try {
            int n = Integer.parseInt(value);
            if (n >= setting.min() && n <= setting.max()) {
                return Optional.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        problems.add(setting.key() + ": expected an integer from " + setting.min() + " to "
                + setting.max() + "; got \"" + value + "\"");
        return Optional.empty();
    }

    private static ChannelNameRule channelNameRule(String alphabet,
            Function<String, Optional<String>> source, List<String> problems) {
        Setting lengthSetting = Setting.MAX_CHANNEL_NAME_LENGTH;
        String length = source.apply(lengthSetting.key()).orElse(lengthSetting.defaultValue());
        try {
            return ChannelNameRule.of(Integer.parseInt(length.trim()), alphabet);
        } catch (NumberFormatException e) {
            return null; // the length itself is reported by readInteger
        } catch (IllegalArgumentException e) {
            problems.add(Setting.CHANNEL_NAME_ALPHABET.key() + ": " + e.getMessage());
            return null;
        }
    }

    public int protocolVersion() {
        return numbers.get(Setting.PROTOCOL_VERSION);
    }

    public int pingIntervalMillis() {
        return numbers.get(Setting.PING_INTERVAL_MILLIS);
    }

    public int pingTimeoutMillis() {
        return numbers.get(Setting.PING_TIMEOUT_MILLIS);
    }

    public int maxFrameBytes() {
        return numbers.get(Setting.MAX_FRAME_BYTES);
    }

    public int maxNestingDepth() {
        return numbers.get(Setting.MAX_NESTING_DEPTH);
    }

    public ChannelNameRule channelNames() {
        return channelNames;
    }

    public int maxSubscriptions() {
        return numbers.get(Setting.MAX_SUBSCRIPTIONS);
    }

    public int publishRatePerSecond() {
        return numbers.get(Setting.PUBLISH_RATE);
    }

    public int publishBurst() {
        return numbers.get(Setting.PUBLISH_BURST);
    }

    public int maxConnections() {
        return numbers.get(Setting.MAX_CONNECTIONS);
    }

    public int outboundQueueFrames() {
        return numbers.get(Setting.OUTBOUND_QUEUE_FRAMES);
    }

    public boolean directFrameWrites() {
        return numbers.get(Setting.DIRECT_FRAME_WRITES) == 1;
    }

    public boolean bulkUnmasking() {
        return numbers.get(Setting.BULK_UNMASKING) == 1;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Setting setting : Setting.values()) {
            Object value = setting == Setting.CHANNEL_NAME_ALPHABET
                    ? channelNames.alphabet() : numbers.get(setting);
            text.append(text.length() == 0 ? "" : ", ").append(setting.key()).append('=')
                    .append(value);
        }
        return text.toString();
    }
}
