package dev.pfs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two pfs-device.jar processes pair through the deployed relay. */
interface JvmDeviceCases extends DeployedRelay {
    @Test
    default void twoDeviceProcesses_pair_showTheSameSas_andExchangeMessagesBothWays()
            throws Exception {
        try (DeviceProcess alice = DeviceProcess.start("alice", directory(),
                List.of("invite", "--relay", relay()))) {
            String aliceFingerprint = alice.await("device").getString("fingerprint");
            String link = alice.await("invitation").getString("link");
            try (DeviceProcess bob = DeviceProcess.start("bob", directory(),
                    List.of("join", link, "--relay", relay()))) {
                String bobFingerprint = bob.await("device").getString("fingerprint");

                JsonObject alicePaired = alice.await("paired");
                JsonObject bobPaired = bob.await("paired");

                assertTrue(alicePaired.getString("sas").matches("[0-9]{6}"),
                        alicePaired.toString());
                assertEquals(alicePaired.getString("sas"), bobPaired.getString("sas"));
                assertEquals(bobFingerprint, alicePaired.getString("fingerprint"));
                assertEquals(aliceFingerprint, bobPaired.getString("fingerprint"));
                assertEquals("bob", alicePaired.getString("peer"));
                assertEquals(alicePaired.getString("sessionKeyId"),
                        bobPaired.getString("sessionKeyId"));

                alice.type("hello bob, \u00e9\u4e16");
                assertEquals(1, alice.await("sent").getInt("counter"));
                JsonObject atBob = bob.await("message");
                assertEquals("hello bob, \u00e9\u4e16", atBob.getString("text"));
                assertEquals(aliceFingerprint, atBob.getString("fingerprint"));
                bob.type("hello alice");
                assertEquals("hello alice", alice.await("message").getString("text"));

                assertEquals(0, bob.finish(), String.join("\n", bob.transcript()));
            }
            assertEquals(0, alice.finish(), String.join("\n", alice.transcript()));
        }
    }

    @Test
    default void linesTypedBeforePairing_goOncePaired_andEndOfInputThenEndsTheProgram()
            throws Exception {
        try (DeviceProcess alice = DeviceProcess.start("erin", directory(),
                List.of("invite", "--relay", relay()))) {
            String link = alice.await("invitation").getString("link");
            assertTrue(link.startsWith(page() + "#pair=1."), "the relay's own page: " + link);
            try (DeviceProcess bob = DeviceProcess.start("frank", directory(),
                    List.of("join", link, "--relay", relay()))) {
                bob.type("typed early");
                bob.type("typed early, too");
                assertEquals(0, bob.finish(), String.join("\n", bob.transcript()));

                assertEquals("typed early", alice.await("message").getString("text"));
                assertEquals("typed early, too", alice.await("message").getString("text"));
                assertTrue(bob.transcript().stream().anyMatch(line -> line.contains("\"held\"")),
                        String.join("\n", bob.transcript()));
            }
            assertEquals(0, alice.finish(), String.join("\n", alice.transcript()));
        }
    }

    @Test
    default void joinWithAFlippedSecret_failsOnBothSidesWithWrongSecret() throws Exception {
        try (DeviceProcess alice = DeviceProcess.start("carol", directory(),
                List.of("invite", "--relay", relay()))) {
            String link = alice.await("invitation").getString("link");
            char last = link.charAt(link.length() - 2);
            String tampered = link.substring(0, link.length() - 2) + (last == 'A' ? 'B' : 'A')
                    + link.charAt(link.length() - 1);
            try (DeviceProcess bob = DeviceProcess.start("dave", directory(),
                    List.of("join", tampered, "--relay", relay()))) {
                assertEquals("wrong-secret", bob.await("aborted").getString("reason"));
                assertEquals("wrong-secret", alice.await("aborted").getString("reason"));
            }
        }
    }
}
