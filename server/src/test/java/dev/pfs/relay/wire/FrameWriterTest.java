package dev.pfs.relay.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class FrameWriterTest {
    private final FrameWriter writer = new FrameWriter();

    @Test
    void frames_haveTheSocketClusterShape() {
        assertEquals("{\"rid\":3}", writer.ack(3));
        assertEquals("{\"rid\":1,\"data\":{\"id\":\"c1\",\"pingTimeout\":20000,"
                + "\"isAuthenticated\":false}}", writer.handshake(1, "c1", 20000));
        assertEquals("{\"rid\":2,\"error\":{\"name\":\"InvalidDataError\","
                + "\"message\":\"m \\\"q\\\"\"}}",
                writer.error(2, RelayError.INVALID_DATA, "m \"q\""));
        assertEquals("{\"event\":\"#publish\",\"data\":{\"channel\":\"c\",\"data\":[1,\"x\"]}}",
                writer.publish("c", Json.createArrayBuilder().add(1).add("x").build()));
        assertEquals("{\"event\":\"#publish\",\"data\":{\"channel\":\"c\"}}",
                writer.publish("c", null));
    }

    @Test
    void publish_ofAnUnpairedSurrogate_writesItsEscape_soTheFrameIsValidUtf16() {
        // as parsed from a client's "x\ud800y", "\udc00" and a key "k\udbff"
        String published = writer.publish("c", Json.createObjectBuilder()
                .add("k\udbff", Json.createArrayBuilder().add("x\ud800y").add("\udc00"))
                .build());

        assertEquals("{\"event\":\"#publish\",\"data\":{\"channel\":\"c\",\"data\":"
                + "{\"k\\udbff\":[\"x\\ud800y\",\"\\udc00\"]}}}", published);
        assertEquals(Json.createArrayBuilder().add("x\ud800y").add("\udc00").build(),
                Json.createReader(new StringReader(published)).readObject()
                        .getJsonObject("data").getJsonObject("data").get("k\udbff"));
    }

    @Test
    void publish_keepsSurrogatePairsAsTheyAre() {
        String published = writer.publish("c", Json.createValue("\ud83d\ude00"));
        assertEquals("{\"event\":\"#publish\",\"data\":{\"channel\":\"c\",\"data\":"
                + "\"\ud83d\ude00\"}}", published);
    }
}
