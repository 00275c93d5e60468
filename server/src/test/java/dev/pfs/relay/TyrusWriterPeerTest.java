package dev.pfs.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.pfs.relay.wire.OutboundFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What one write of a batch puts on the wire: its frames back to back, each whole. */
class TyrusWriterPeerTest {
    @Test
    void aBatch_isItsFramesBackToBack_andReadsBackAsTheSameMessages() {
        List<OutboundFrame> batch = List.of(OutboundFrame.of("{\"rid\":1}"),
                OutboundFrame.of("x".repeat(300)), OutboundFrame.of(""),
                OutboundFrame.of("\u00e9".repeat(40_000)));

        assertEquals(List.of("{\"rid\":1}", "x".repeat(300), "", "\u00e9".repeat(40_000)),
                readFrames(ByteBuffer.wrap(TyrusWriterPeer.bytesOf(batch))));
    }

    @Test
    void aSingleFrame_isWrittenFromItsSharedBytes() {
        OutboundFrame frame = OutboundFrame.of("{\"event\":\"#publish\"}");
        assertSame(frame.wire(), TyrusWriterPeer.bytesOf(List.of(frame)));
    }

    /** RFC 6455 section 5.2, as a client reads unmasked final text frames. */
    private static List<String> readFrames(ByteBuffer wire) {
        List<String> texts = new ArrayList<>();
        while (wire.hasRemaining()) {
            assertEquals(0x81, wire.get() & 0xFF);
            long length = wire.get() & 0x7F;
            if (length == 126) {
                length = wire.getShort() & 0xFFFF;
            } else if (length == 127) {
                length = wire.getLong();
            }
            byte[] payload = new byte[(int) length];
            wire.get(payload);
            texts.add(new String(payload, StandardCharsets.UTF_8));
        }
        return texts;
    }
}
