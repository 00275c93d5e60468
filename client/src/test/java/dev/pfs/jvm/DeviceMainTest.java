package dev.pfs.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DeviceMainTest {
    private static final String LINK = "http://127.0.0.1:8080/demo/pfs.html"
            + "#pair=1.AAECAwQFBgcICQoLDA0ODw.EBESExQVFhcYGRobHB0eHw";

    @Test
    void options_readEveryOption() {
        DeviceMain.Options options = DeviceMain.Options.parse(new String[] {"join", LINK,
            "--relay", "ws://127.0.0.1:1/socketcluster/", "--store", "/tmp/x.json", "--name", "n",
            "--json", "--base-url", "http://h/p"});
        assertEquals(LINK, options.link);
        assertEquals("pfs-pair-AAECAwQFBgcICQoLDA0ODw", options.invitation.channelName());
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
        "invite --colour | unknown argument --colour",
        "join #pair=9.x.y | invalid invitation: invitation version '9' is not supported;"
                + " expected 1",
        "invite --relay http://127.0.0.1:8080/ | --relay: expected ws://HOST:PORT/PATH or"
                + " wss://..., got http://127.0.0.1:8080/",
        "invite --relay ws:no-host | --relay: expected ws://HOST:PORT/PATH or wss://..., got"
                + " ws:no-host",
        "invite --base-url http://h/p#x | --name or --base-url: invitation base URL must be"
                + " non-empty and have no fragment"})
    void options_rejectMistakesSayingWhich(String args, String expected) {
        String[] split = args.isEmpty() ? new String[0] : args.split(" ");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeviceMain.Options.parse(split));
        assertEquals(expected, e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ws://127.0.0.1:8281/socketcluster/, http://127.0.0.1:8281/demo/pfs.html",
        "wss://relay.example/socketcluster/, https://relay.example/demo/pfs.html",
        "ws://[::1]:9/x, http://[::1]:9/demo/pfs.html"})
    void invitationLinks_pointToTheRelaysPageByDefault(String relay, String page) {
        DeviceMain.Options options = DeviceMain.Options.parse(new String[] {"invite", "--relay",
            relay});
        assertEquals(page, options.baseUrl);
    }

    @Test
    void help_printsUsageAndSucceeds() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = DeviceMain.run(new String[] {"--help"}, new PrintStream(bytes, true,
                StandardCharsets.UTF_8), System.err);
        assertEquals(0, code);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("invite"));
    }

    @Test
    void join_withAMalformedLink_failsWithUsageCode_beforeMakingAnIdentity(@TempDir Path dir) {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int code = DeviceMain.run(new String[] {"join", "#pair=9.x.y", "--json", "--store",
            dir.resolve("device.json").toString(), "--relay", "ws://127.0.0.1:9/socketcluster/"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8));
        assertEquals(DeviceMain.EXIT_USAGE, code);
        String said = errors.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("invitation version '9'"), said);
        assertFalse(Files.exists(dir.resolve("device.json")), "no identity made for nothing");
    }
}
