package dev.pfs.relay.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
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
}
