package dev.pfs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScConnectionTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"rid\":1}|1",
        "{\"rid\":123456789012}|123456789012",
        "{\"rid\":}|-1",
        "{\"rid\":12,\"data\":null}|-1", // more than a bare acknowledgement: the JSON parser's
        "{\"rid\":1,\"error\":{}}|-1",
        "{\"rid\": 1}|-1",
        "{\"rid\":1234567890123456789}|-1", // too long to be a cid of ours
        "{\"event\":\"#publish\"}|-1"})
    void bareRid_readsOnlyAPlainAcknowledgement(String frame, long rid) {
        ByteBuffer bytes = ByteBuffer.wrap(("xx" + frame).getBytes(StandardCharsets.UTF_8));
        bytes.position(2);

        assertEquals(rid, ScConnection.bareRid(bytes));
        assertEquals(2, bytes.position());
    }
}
