package dev.pfs.relay.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameReaderTest {
    private final FrameReader reader = new FrameReader(4);

    @Test
    void read_returnsEventDataAndCid() {
        InboundFrame frame = reader.read(
                "{\"event\":\"#publish\",\"data\":{\"channel\":\"a\",\"data\":[1]},\"cid\":7}");
        assertEquals("#publish", frame.event());
        assertEquals(Json.createObjectBuilder().add("channel", "a")
                .add("data", Json.createArrayBuilder().add(1)).build(), frame.data());
        assertEquals(7, frame.cid());
    }

    @Test
    void read_withoutDataOrCid_hasNeither() {
        InboundFrame frame = reader.read("{\"event\":\"#handshake\",\"other\":[[1]]}");
        assertNull(frame.data());
        assertEquals(InboundFrame.NO_CID, frame.cid());
    }

    @Test
    void read_repeatedKey_keepsTheLastAsJavaScriptDoes() {
        assertEquals(2, reader.read("{\"event\":\"x\",\"cid\":1,\"cid\":2}").cid());
    }

    @Test
    void read_acceptsTheLargestSafeCid() {
        assertEquals(FrameReader.MAX_CID,
                reader.read("{\"event\":\"x\",\"cid\":9007199254740991}").cid());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "hello                                        | INVALID_JSON    | -1",
        "'{\"event\":'                                | INVALID_JSON    | -1",
        "'{\"event\":\"x\"} {}'                       | INVALID_JSON    | -1",
        "'   '                                        | INVALID_JSON    | -1",
        "[1,2]                                        | NOT_AN_OBJECT   | -1",
        "'\"text\"'                                   | NOT_AN_OBJECT   | -1",
        "42                                           | NOT_AN_OBJECT   | -1",
        "'{\"event\":\"x\",\"cid\":\"1\"}'            | INVALID_CID     | -1",
        "'{\"event\":\"x\",\"cid\":-1}'               | INVALID_CID     | -1",
        "'{\"event\":\"x\",\"cid\":1.5}'              | INVALID_CID     | -1",
        "'{\"event\":\"x\",\"cid\":9007199254740992}' | INVALID_CID     | -1",
        "'{\"event\":\"x\",\"cid\":null}'             | INVALID_CID     | -1",
        "'{\"event\":\"x\",\"cid\":[1]}'              | INVALID_CID     | -1",
        "'{\"event\":42,\"cid\":3}'                   | INVALID_EVENT   | 3",
        "'{\"data\":{},\"cid\":3}'                    | INVALID_EVENT   | 3",
        "'{\"event\":{\"a\":1},\"cid\":3}'            | INVALID_EVENT   | 3",
        "'{\"event\":\"x\",\"data\":[[[[1]]]],\"cid\":3}' | NESTING_TOO_DEEP | 3",
        "'{\"event\":\"x\",\"cid\":3,\"z\":{\"a\":{\"b\":{\"c\":{}}}}}' | NESTING_TOO_DEEP | 3",
        "'{\"event\":\"x\",\"data\":[[[[1]]]]'        | NESTING_TOO_DEEP | -1",
    })
    void read_rejectsWithTheSpecificError(String text, RelayError error, long cid) {
        FrameRejectedException e = assertThrows(FrameRejectedException.class,
                () -> reader.read(text));
        assertEquals(error, e.error(), e::getMessage);
        assertEquals(cid, e.cid());
    }

    @Test
    void read_acceptsExactlyTheMaximumDepth() {
        // frame 1, data 2, [ 3, [ 4
        InboundFrame frame = reader.read("{\"event\":\"x\",\"data\":[[1]],\"cid\":1}");
        assertEquals(Json.createArrayBuilder().add(Json.createArrayBuilder().add(1)).build(),
                frame.data());
    }

    @Test
    void read_rejectsNestingFarBeyondTheParsersOwnLimit_withoutOverflowingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        FrameRejectedException e = assertThrows(FrameRejectedException.class,
                () -> reader.read("{\"event\":\"x\",\"data\":" + deep + ",\"cid\":5}"));
        assertEquals(RelayError.NESTING_TOO_DEEP, e.error());
        assertTrue(e.getMessage().contains("deeper than 4"), e.getMessage());
    }

    /** The order relay.md gives ("Errors"): what the parser meets first, then cid, depth, event. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "'[1,'                                            | NOT_AN_OBJECT    | -1",
        "'[[[[[[1]]]]]]'                                  | NOT_AN_OBJECT    | -1",
        "'{\"cid\":\"x\",'                              | INVALID_JSON     | -1",
        "'{\"cid\":3,\"data\":[[[[1]]]],'                | NESTING_TOO_DEEP | -1",
        "'{\"data\":[[[[1]]]],\"cid\":\"x\",\"event\":\"e\"}' | INVALID_CID | -1",
        "'{\"data\":[[[[1]]]],\"cid\":3}'                | NESTING_TOO_DEEP | 3",
        "'{\"event\":5,\"cid\":3,\"data\":[[[[1]]]]}'    | NESTING_TOO_DEEP | 3",
    })
    void read_reportsTheFirstProblemInTheDocumentedOrder(String text, RelayError error,
            long cid) {
        FrameRejectedException e = assertThrows(FrameRejectedException.class,
                () -> reader.read(text));
        assertEquals(error, e.error(), e::getMessage);
        assertEquals(cid, e.cid());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'{\"event\":42,\"cid\":3}'       | expected event to be a string; got a number",
        "'{\"event\":[1],\"cid\":3}'      | expected event to be a string; got an array",
        "'{\"event\":null,\"cid\":3}'     | expected event to be a string; got null",
        "'{\"cid\":3}'                      | expected event to be a string; got no event",
        "'{\"event\":\"x\",\"cid\":\"7\"}' | expected cid to be an integer from 0 to "
                + "9007199254740991; got a string",
        "'{\"event\":\"x\",\"cid\":-1}'   | expected cid to be an integer from 0 to "
                + "9007199254740991; got an integer out of range",
        "'{\"event\":\"x\",\"cid\":1.5}'  | expected cid to be an integer from 0 to "
                + "9007199254740991; got a number with a fraction",
        "'{\"event\":\"x\",\"data\":[[[[1]]]],\"cid\":3}' | JSON nested deeper than 4 levels",
    })
    void rejection_messages_sayWhatWasExpectedAndWhatCame(String text, String message) {
        FrameRejectedException e = assertThrows(FrameRejectedException.class,
                () -> reader.read(text));
        assertEquals(message, e.getMessage());
    }
}
