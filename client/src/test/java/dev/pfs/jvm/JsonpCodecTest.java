package dev.pfs.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pfs.protocol.wire.MalformedMessageException;
import dev.pfs.protocol.wire.WireObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonpCodecTest {
    private final JsonpCodec codec = new JsonpCodec();

    @Test
    void write_thenRead_keepsEveryFieldInOrder() throws Exception {
        WireObject object = WireObject.builder().add("t", "hello \"\u00e9\u4e16\"")
                .add("n", WireObject.MAX_SAFE_INTEGER).add("neg", -3).add("b", new byte[] {1, 2})
                .build();
        String json = codec.write(object);
        assertEquals("{\"t\":\"hello \\\"\u00e9\u4e16\\\"\",\"n\":9007199254740991,\"neg\":-3,"
                + "\"b\":\"AQI\"}", json);
        assertEquals(object, codec.read(json));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "[1] | expected a JSON object, got array",
        "\"x\" | expected a JSON object, got string",
        "{\"a\":{}} | field a: expected a string or an integer, got object",
        "{\"a\":[1]} | field a: expected a string or an integer, got array",
        "{\"a\":true} | field a: expected a string or an integer, got true",
        "{\"a\":null} | field a: expected a string or an integer, got null",
        "{\"a\":1.5} | field a: expected an integer within 2^53 - 1",
        "{\"a\":9007199254740992} | field a: expected an integer within 2^53 - 1",
        "{\"a\": | not JSON",
        "nonsense | not JSON"})
    void read_rejectsAnythingButAFlatObject(String json, String expected) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> codec.read(json));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
