package dev.pfs.relay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RelaySettingsTest {
    @Test
    void defaults_areSocketClusterLike() {
        RelaySettings settings = RelaySettings.defaults();
        assertEquals(2, settings.protocolVersion());
        assertEquals(8000, settings.pingIntervalMillis());
        assertEquals(20000, settings.pingTimeoutMillis());
        assertEquals(65536, settings.maxFrameBytes());
        assertEquals(128, settings.channelNames().maxLength());
    }

    @Test
    void configuredValues_replaceDefaults() {
        RelaySettings settings = from(Map.of("relay.protocolVersion", "1",
                "relay.maxChannelNameLength", " 16 ", "relay.channelNameAlphabet", "a-z"));
        assertEquals(1, settings.protocolVersion());
        assertEquals(16, settings.channelNames().maxLength());
        assertEquals("a-z", settings.channelNames().alphabet());
    }

    @Test
    void invalidValues_areAllReportedWithExpectedAndGot() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> from(Map.of("relay.protocolVersion", "3", "relay.maxFrameBytes", "big",
                        "relay.channelNameAlphabet", "z-a")));
        assertEquals(List.of(
                "relay.protocolVersion: expected an integer from 1 to 2; got \"3\"",
                "relay.maxFrameBytes: expected an integer from 1024 to 2097152; got \"big\"",
                "relay.channelNameAlphabet: expected ranges from low to high; got \"z-a\""),
                e.problems());
        assertEquals("invalid relay configuration: " + String.join("; ", e.problems()),
                e.getMessage());
    }

    @Test
    void pingTimeout_mustExceedThePingInterval() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> from(Map.of("relay.pingIntervalMillis", "5000",
                        "relay.pingTimeoutMillis", "5000")));
        assertEquals(List.of("relay.pingTimeoutMillis: expected more than "
                + "relay.pingIntervalMillis (5000); got 5000"), e.problems());
    }

    private static RelaySettings from(Map<String, String> values) {
        return RelaySettings.from(key -> Optional.ofNullable(values.get(key)));
    }
}
