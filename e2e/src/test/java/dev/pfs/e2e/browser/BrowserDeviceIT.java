package dev.pfs.e2e.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The browser device in real headless Chromium against the relay WAR on a real Payara Micro: two
 * browsers with separate profiles pair through /demo/pfs.html, as two people would. One
 * deployment serves every test here (each Payara Micro start costs ~10 s).
 */
@ExtendWith(ArquillianExtension.class)
class BrowserDeviceIT {
    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive relay() {
        return ShrinkWrap.createFromZipFile(WebArchive.class,
                new File(System.getProperty("relay.war")));
    }

    private String page() {
        return base.toString().replaceAll("/$", "") + "/demo/pfs.html";
    }

    @Test
    void twoBrowsers_pair_showSameSasAndFingerprints_andMessagesDecryptBothWays() {
        try (Chromium desktop = Chromium.start(); Chromium phone = Chromium.startPhone()) {
            PairingPage inviter = new PairingPage(desktop.driver()).open(page());
            PairingPage joiner = new PairingPage(phone.driver()).open(page());
            String inviterFingerprint = inviter.deviceFingerprint();
            String joinerFingerprint = joiner.deviceFingerprint();
            assertNotEquals(inviterFingerprint, joinerFingerprint, "two profiles, two devices");

            String link = inviter.invite();
            assertTrue(link.startsWith(page() + "#pair=1."), link);
            assertTrue(inviter.showsQrCode(), "the invitation shows a QR code");
            joiner.open(link);
            inviter.waitUntilPaired();
            joiner.waitUntilPaired();

            assertEquals(inviter.sas(), joiner.sas(), "both screens show the same SAS");
            assertTrue(inviter.sas().matches("[0-9]{6}"), inviter.sas());
            assertEquals(List.of(joinerFingerprint), inviter.peerFingerprints());
            assertEquals(List.of(inviterFingerprint), joiner.peerFingerprints());

            String sent = inviter.send(joinerFingerprint, "hello from the desktop");
            assertTrue(sent.contains("bytes of ciphertext, counter 1"), sent);
            joiner.waitForReceived(inviterFingerprint, "hello from the desktop");
            joiner.send(inviterFingerprint, "und zurück vom Telefon ✓");
            inviter.waitForReceived(joinerFingerprint, "und zurück vom Telefon ✓");

            assertEquals(0, joiner.horizontalOverflowPixels(), "nothing scrolls sideways at 375 px");
        }
    }

    @Test
    void rekeyNow_givesBothDevicesTheSameNewSessionKey() {
        try (Chromium one = Chromium.start(); Chromium two = Chromium.start()) {
            PairingPage inviter = new PairingPage(one.driver()).open(page());
            PairingPage joiner = new PairingPage(two.driver()).open(page());
            pair(inviter, joiner);
            String inviterFingerprint = inviter.deviceFingerprint();
            String joinerFingerprint = joiner.deviceFingerprint();
            String before = inviter.sessionKeyFingerprint(joinerFingerprint);

            String after = inviter.rekey(joinerFingerprint);

            assertNotEquals(before, after);
            assertEquals(after, joiner.waitForSessionKeyOtherThan(inviterFingerprint, before));
            joiner.send(inviterFingerprint, "under the new key");
            inviter.waitForReceived(joinerFingerprint, "under the new key");
        }
    }

    @Test
    void reload_keepsTheDeviceAndItsPairing() {
        try (Chromium one = Chromium.start(); Chromium two = Chromium.start()) {
            PairingPage inviter = new PairingPage(one.driver()).open(page());
            PairingPage joiner = new PairingPage(two.driver()).open(page());
            pair(inviter, joiner);
            String inviterFingerprint = inviter.deviceFingerprint();
            String joinerFingerprint = joiner.deviceFingerprint();
            inviter.send(joinerFingerprint, "before the reload");
            joiner.waitForReceived(inviterFingerprint, "before the reload");
            String sessionKey = joiner.sessionKeyFingerprint(inviterFingerprint);

            joiner.reload();
            inviter.reload();

            assertEquals(joinerFingerprint, joiner.deviceFingerprint());
            assertEquals(inviterFingerprint, inviter.deviceFingerprint());
            assertEquals(List.of(inviterFingerprint), joiner.peerFingerprints());
            assertEquals(sessionKey, joiner.sessionKeyFingerprint(inviterFingerprint));
            inviter.waitUntilConnected();
            joiner.waitUntilConnected();
            // The stored counters go on: counter 2 is new to the peer, so it is accepted.
            String sent = inviter.send(joinerFingerprint, "after the reload");
            assertTrue(sent.contains("counter 2"), sent);
            joiner.waitForReceived(inviterFingerprint, "after the reload");
        }
    }

    @Test
    void linkWithOneSecretCharacterChanged_failsWithTheWrongSecretMessage() {
        try (Chromium one = Chromium.start(); Chromium two = Chromium.start()) {
            PairingPage inviter = new PairingPage(one.driver()).open(page());
            PairingPage joiner = new PairingPage(two.driver()).open(page());
            String joinerFingerprint = joiner.deviceFingerprint();
            String link = inviter.invite();

            joiner.open(withSecretCharacterChanged(link));

            String[] error = joiner.waitForError();
            assertEquals("The pairing failed: The invitation was for another pairing or has been"
                    + " tampered with.", error[0]);
            assertTrue(error[1].startsWith("wrong-secret: "), error[1]);
            inviter.waitForError();
            assertEquals(List.of(), joiner.peerFingerprints());
            assertEquals(List.of(), inviter.peerFingerprints());
            joiner.reload();
            assertEquals(joinerFingerprint, joiner.deviceFingerprint(), "the identity stays");
            assertEquals(List.of(), joiner.peerFingerprints());
        }
    }

    @Test
    void relayConnectionDroppedMidPairing_recoversAndPairs() {
        try (Chromium one = Chromium.start(); Chromium two = Chromium.start()) {
            two.watchWebSockets();
            PairingPage inviter = new PairingPage(one.driver()).open(page());
            PairingPage joiner = new PairingPage(two.driver()).open(page());
            joiner.waitUntilConnected();
            String link = inviter.invite();

            // The joiner loses its network just as it opens the link: it starts the pairing,
            // but its reconnect attempts fail and nothing reaches the inviter.
            two.loseNetwork();
            joiner.waitUntilDisconnected();
            joiner.open(link);
            joiner.waitForStep("PEER_FOUND", "pending");
            assertEquals("pending", inviter.stepState("PEER_FOUND"), "nothing got through");
            two.restoreNetwork();

            joiner.waitUntilConnected();
            inviter.waitUntilPaired();
            joiner.waitUntilPaired();
            assertEquals(inviter.sas(), joiner.sas());
        }
    }

    private static void pair(PairingPage inviter, PairingPage joiner) {
        joiner.open(inviter.invite());
        inviter.waitUntilPaired();
        joiner.waitUntilPaired();
    }

    /** The link with the first character of the pairing secret replaced by another. */
    static String withSecretCharacterChanged(String link) {
        int secretStart = link.lastIndexOf('.') + 1;
        char original = link.charAt(secretStart);
        char replacement = original == 'A' ? 'B' : 'A';
        return link.substring(0, secretStart) + replacement + link.substring(secretStart + 1);
    }
}
