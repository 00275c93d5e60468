package dev.pfs.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DeviceMainTest {
    @Test
    void options_readEveryOption() {
        DeviceMain.Options options = DeviceMain.Options.parse(new String[] {"join", "#pair=1.a.b",
            "--relay", "ws://127.0.0.1:1/socketcluster/", "--store", "/tmp/x.json", "--name", "n",
            "--json", "--base-url", "http://h/p"});
        assertEquals("#pair=1.a.b", options.link);
        assertEquals("ws://127.0.0.1:1/socketcluster/", options.relay.toString());
        assertEquals(Path.of("/tmp/x.json"), options.store);
        assertEquals("n", options.name);
        assertEquals("http://h/p", options.baseUrl);
        assertTrue(options.json);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
        "'' | expected a command: invite or join LINK",
        "join | join needs a value",
        "invite --store | --store needs a value",
        "invite join x | give one command, not invite and join",
        "invite --colour | unknown argument --colour"})
    void options_rejectMistakesSayingWhich(String args, String expected) {
        String[] split = args.isEmpty() ? new String[0] : args.split(" ");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeviceMain.Options.parse(split));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void help_printsUsageAndSucceeds() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = DeviceMain.run(new String[] {"--help"}, new PrintStream(bytes, true,
                StandardCharsets.UTF_8));
        assertEquals(0, code);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("invite"));
    }

    @Test
    void join_withAMalformedLink_failsWithUsageCode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = DeviceMain.run(new String[] {"join", "#pair=9.x.y", "--json", "--store",
            System.getProperty("java.io.tmpdir") + "/pfs-main-test-" + System.nanoTime()
                    + ".json", "--relay", "ws://127.0.0.1:9/socketcluster/"},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(DeviceMain.EXIT_USAGE, code);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("invitation version '9'"),
                bytes.toString(StandardCharsets.UTF_8));
    }
}
