package dev.pfs.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pfs.protocol.PeerInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventPrinterTest {
    private static final PeerInfo PEER = new PeerInfo("bob", "ab".repeat(32), "pfs-dev-x",
            "0123456789abcdef", 0);

    @ParameterizedTest(name = "{0}: SAS line {1}")
    @CsvSource({"paired, true", "rekeyed, false"})
    void paired_asksToCompareTheSasAfterAPairingOnly(String what, boolean asksToCompare) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new EventPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false)
                .paired(what, PEER, "908172");

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(asksToCompare, printed.startsWith("SAS       908172   compare it"), printed);
        assertEquals(asksToCompare, printed.contains("908172"), printed);
    }
}
