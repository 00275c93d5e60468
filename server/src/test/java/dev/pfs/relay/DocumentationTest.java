package dev.pfs.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pfs.relay.config.Setting;
import dev.pfs.relay.wire.RelayError;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Holds relay.md and payara-config/relay.properties to the code, so they cannot drift. */
class DocumentationTest {
    private static final Path REPO = Path.of("..");

    @Test
    void relayMd_listsEveryErrorWithItsCloseCode() throws Exception {
        String doc = Files.readString(REPO.resolve("src/site/markdown/relay.md"));
        for (RelayError error : RelayError.values()) {
            String code = error.closeCode() == 0 ? "none" : String.valueOf(error.closeCode());
            Pattern row = Pattern.compile("^\\| `" + error.errorName() + "` \\|.*\\| " + code
                    + " \\|$", Pattern.MULTILINE);
            assertTrue(row.matcher(doc).find(), () -> "relay.md has no error row for "
                    + error.errorName() + " with close code " + code);
        }
    }

    @Test
    void relayMd_listsEverySettingWithItsDefaultAndRange() throws Exception {
        String doc = Files.readString(REPO.resolve("src/site/markdown/relay.md"));
        for (Setting setting : Setting.values()) {
            boolean alphabet = setting == Setting.CHANNEL_NAME_ALPHABET;
            String value = alphabet ? "`" + setting.defaultValue() + "`" : setting.defaultValue();
            String row = "| `" + setting.key() + "` | " + value + " | ";
            List<String> ranges = alphabet ? List.of("printable ASCII")
                    : setting.max() == setting.min() + 1 // two values may read "0 or 1"
                    ? List.of(setting.min() + " to " + setting.max(),
                            setting.min() + " or " + setting.max())
                    : List.of(setting.min() + " to " + setting.max());
            assertTrue(ranges.stream().anyMatch(range -> doc.contains(row + range)),
                    () -> "relay.md has no row starting " + row + ranges.get(0));
        }
    }

    @Test
    void relayProperties_listsEverySettingAtItsDefault() throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(REPO.resolve("payara-config/relay.properties"),
                StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        for (Setting setting : Setting.values()) {
            assertEquals(setting.defaultValue(), properties.getProperty(setting.key()),
                    setting.key());
        }
        assertEquals(Setting.values().length, properties.size(),
                () -> "unknown keys in relay.properties: " + properties.keySet().stream()
                        .filter(key -> Arrays.stream(Setting.values())
                                .noneMatch(s -> s.key().equals(key))).toList());
    }
}
