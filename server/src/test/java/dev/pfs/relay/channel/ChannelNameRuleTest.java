package dev.pfs.relay.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pfs.relay.wire.FrameRejectedException;
import dev.pfs.relay.wire.RelayError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelNameRuleTest {
    private final ChannelNameRule rule = ChannelNameRule.of(8, "A-Za-z0-9._:@-");

    @ParameterizedTest
    @ValueSource(strings = {"a", "Zz09._:@", "-", "x-y", "12345678"})
    void accepts_namesOfTheAlphabetWithinTheLength(String name) {
        assertTrue(rule.accepts(name));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({
        "'', EMPTY_CHANNEL_NAME, expected a channel name; got the empty string",
        "123456789, CHANNEL_NAME_TOO_LONG, channel name length 9; at most 8",
        "a b, CHANNEL_NAME_ALPHABET, channel name has U+0020 at index 1; allowed: ALPHABET",
        "caf\u00e9, CHANNEL_NAME_ALPHABET, channel name has U+00E9 at index 3; allowed: ALPHABET",
        "a/b, CHANNEL_NAME_ALPHABET, channel name has U+002F at index 1; allowed: ALPHABET",
    })
    void check_rejectsWithTheSpecificErrorAndMessage(String name, RelayError error,
            String message) {
        FrameRejectedException e = assertThrows(FrameRejectedException.class,
                () -> rule.check(name, 4));
        assertEquals(error, e.error());
        assertEquals(message.replace("ALPHABET", rule.alphabet()), e.getMessage());
        assertEquals(4, e.cid());
    }

    @Test
    void alphabet_rangesAndLiteralDashes() {
        ChannelNameRule dashes = ChannelNameRule.of(10, "-a-c-");
        assertTrue(dashes.accepts("-abc-"));
        assertFalse(dashes.accepts("d"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "z-a | expected ranges from low to high; got \"z-a\"",
        "a b | expected printable ASCII characters; got U+0020 at index 1",
        "é   | expected printable ASCII characters; got U+00E9 at index 0",
        "''  | expected at least one character; got none",
    })
    void alphabet_invalid_isRefusedWithTheReason(String alphabet, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChannelNameRule.of(8, alphabet));
        assertEquals(message, e.getMessage());
    }
}
