package dev.pfs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StampTest {
    @ParameterizedTest
    @ValueSource(ints = {40, 100, 4096, 61_440})
    void json_isAJsonStringOfThePayloadSize(int payloadBytes) {
        String json = Stamp.json(12, 345, 6_789_000_000L, payloadBytes);

        assertEquals(payloadBytes + 2, json.length());
        assertTrue(json.startsWith("\"") && json.endsWith("\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"event\":\"#publish\",\"data\":{\"channel\":\"c\",\"data\":%s}}",
        "{ \"data\" : { \"data\" : %s, \"channel\" : \"c\" }, \"event\" : \"#publish\" }"})
    void find_readsTheStampInsideARelaysFrame(String frame) {
        Stamp stamp = Stamp.find(String.format(frame, Stamp.json(12, 345, 6_789_000_000L, 100)));

        assertEquals(12, stamp.publisher());
        assertEquals(345, stamp.sequence());
        assertEquals(6_789_000_000L, stamp.sentNanos());
    }

    @Test
    void find_readsTheStampFromBytesBetweenPositionAndLimitOnly() {
        String frame = "{\"event\":\"#publish\",\"data\":{\"channel\":\"c\",\"data\":"
                + Stamp.json(7, 8, 9, 61_440) + "}}";
        byte[] padded = ("\"~pfsb|1|1|1|\"" + frame + "\"~pfsb|2|2|2|\"")
                .getBytes(StandardCharsets.UTF_8);
        int start = "\"~pfsb|1|1|1|\"".length();
        ByteBuffer bytes = ByteBuffer.wrap(padded, start, frame.length());

        Stamp stamp = Stamp.find(bytes);

        assertEquals(7, stamp.publisher());
        assertEquals(8, stamp.sequence());
        assertEquals(9, stamp.sentNanos());
        assertEquals(start, bytes.position());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"data\":\"plain\"}", "\"~pfsb|1|2|\"", "\"~pfsb|1|x|3|\"",
        "\"~pfsb|1||3|\""})
    void find_rejectsFramesWithoutAWellFormedStamp(String frame) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Stamp.find(frame));

        assertTrue(e.getMessage().contains("stamp"), e.getMessage());
    }
}
