package dev.pfs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pfs.crypto.contract.CryptoContract;
import dev.pfs.e2e.browser.Chromium;
import dev.pfs.e2e.browser.PairingPage;
import dev.pfs.e2e.browser.TwoBrowsers;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser device in real headless Chromium against the deployed relay: two browsers with
 * separate profiles pair through /demo/pfs.html, as two people would; a browser pairs with a
 * pfs-device.jar process; the crypto contract runs against WebCrypto (the contract page under
 * /test/ is deployed for these tests only).
 */
interface BrowserDeviceCases extends DeployedRelay {
    @Test
    default void cryptoContract_passesAgainstWebCrypto_caseForCase() {
        try (Chromium chromium = Chromium.start()) {
            chromium.driver().get(root() + "/test/contract.html");
            new WebDriverWait(chromium.driver(), Duration.ofSeconds(120)).until(d ->
                    "true".equals(d.findElement(By.id("summary")).getDomAttribute("data-done")));
            Map<String, String> results = new TreeMap<>();
            List<String> failures = new ArrayList<>();
            for (WebElement line : chromium.driver().findElements(By.cssSelector("#cases li"))) {
                results.put(line.getDomAttribute("data-case"), line.getDomAttribute("data-result"));
                if (!"pass".equals(line.getDomAttribute("data-result"))) {
                    failures.add(line.getText());
                }
            }

            assertEquals(List.of(), failures);
            for (String name : CryptoContract.caseNames()) {
                assertEquals("pass", results.get(name), "contract case " + name);
            }
            long bindingChecks = results.keySet().stream()
                    .filter(name -> name.startsWith("browser/")).count();
            assertEquals(7, bindingChecks, "the browser's own checks ran: " + results.keySet());
        }
    }

    @Test
    default void browserInvites_jvmDeviceJoins_andMessagesDecryptBothWays() throws Exception {
        try (Chromium chromium = Chromium.start()) {
            PairingPage browser = new PairingPage(chromium.driver()).open(page());
            String browserFingerprint = browser.deviceFingerprint();
            String link = browser.invite();
            try (DeviceProcess jvm = DeviceProcess.start("laptop", directory(),
                    List.of("join", link, "--relay", relay()))) {
                String jvmFingerprint = jvm.await("device").getString("fingerprint");
                JsonObject paired = jvm.await("paired");
                browser.waitUntilPaired();

                assertEquals(browser.sas(), paired.getString("sas"));
                assertEquals(browserFingerprint, paired.getString("fingerprint"));
                assertEquals(List.of(jvmFingerprint), browser.peerFingerprints());
                assertEquals(paired.getString("sessionKeyId"),
                        browser.sessionKeyFingerprint(jvmFingerprint));

                String text = "from the browser \u00e9\u4e16";
                browser.send(jvmFingerprint, text);
                assertEquals(text, jvm.await("message").getString("text"));
                jvm.type("from the JVM");
                browser.waitForReceived(jvmFingerprint, "from the JVM");
            }
        }
    }

    @Test
    default void jvmDeviceInvites_browserJoinsByPastingTheLink() throws Exception {
        try (DeviceProcess jvm = DeviceProcess.start("server-room", directory(),
                List.of("invite", "--relay", relay()));
                Chromium chromium = Chromium.start()) {
            String jvmFingerprint = jvm.await("device").getString("fingerprint");
            String link = jvm.await("invitation").getString("link");
            PairingPage browser = new PairingPage(chromium.driver()).open(page());

            browser.joinByPasting(link);

            JsonObject paired = jvm.await("paired");
            browser.waitUntilPaired();
            assertEquals(browser.sas(), paired.getString("sas"));
            assertEquals(browser.deviceFingerprint(), paired.getString("fingerprint"));
            assertEquals(List.of(jvmFingerprint), browser.peerFingerprints());
            jvm.type("pasted links work");
            browser.waitForReceived(jvmFingerprint, "pasted links work");
        }
    }

    @Test
    default void twoBrowsers_pair_showSameSasAndFingerprints_andMessagesDecryptBothWays() {
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

            assertEquals(0, joiner.horizontalOverflowPixels(), "sideways scrolling at 375 px");
        }
    }

    @Test
    default void rekeyNow_givesBothDevicesTheSameNewSessionKey() {
        try (TwoBrowsers paired = TwoBrowsers.startPaired(page())) {
            PairingPage inviter = paired.inviter();
            PairingPage joiner = paired.joiner();
            String inviterFingerprint = paired.inviterFingerprint();
            String joinerFingerprint = paired.joinerFingerprint();
            String before = inviter.sessionKeyFingerprint(joinerFingerprint);

            String after = inviter.rekey(joinerFingerprint);

            assertNotEquals(before, after);
            assertEquals(after, joiner.waitForSessionKeyOtherThan(inviterFingerprint, before));
            joiner.send(inviterFingerprint, "under the new key");
            inviter.waitForReceived(joinerFingerprint, "under the new key");
        }
    }

    @Test
    default void reload_keepsTheDeviceAndItsPairing() {
        try (TwoBrowsers paired = TwoBrowsers.startPaired(page())) {
            PairingPage inviter = paired.inviter();
            PairingPage joiner = paired.joiner();
            String inviterFingerprint = paired.inviterFingerprint();
            String joinerFingerprint = paired.joinerFingerprint();
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
    default void forgetThisDevice_wipesTheIdentityAndThePairings() {
        try (TwoBrowsers paired = TwoBrowsers.startPaired(page())) {
            PairingPage joiner = paired.joiner();

            joiner.forgetDevice();

            String newFingerprint = joiner.deviceFingerprint();
            assertNotEquals(paired.joinerFingerprint(), newFingerprint);
            assertEquals(List.of(), joiner.peerFingerprints());
            joiner.reload();
            assertEquals(newFingerprint, joiner.deviceFingerprint(), "the new identity is kept");
            assertEquals(List.of(), joiner.peerFingerprints());
        }
    }

    @Test
    default void secondTabOfOneBrowser_isToldTheDeviceIsOpenElsewhere() {
        try (Chromium chromium = Chromium.start()) {
            PairingPage first = new PairingPage(chromium.driver()).open(page());
            String fingerprint = first.deviceFingerprint();
            chromium.driver().switchTo().newWindow(WindowType.TAB);

            PairingPage second = new PairingPage(chromium.driver()).openOnly(page());

            String[] error = second.waitForError();
            assertTrue(error[0].startsWith("This device is already open in another tab"),
                    error[0]);
            assertNull(chromium.driver().findElement(By.id("invite-button"))
                    .getDomAttribute("data-ready"), "the second tab offers no actions");
            chromium.driver().close();
            chromium.driver().switchTo().window(chromium.driver().getWindowHandles()
                    .iterator().next());
            assertEquals(fingerprint, first.deviceFingerprint(), "the first tab goes on");
        }
    }

    @Test
    default void linkWithOneSecretCharacterChanged_failsWithTheWrongSecretMessage() {
        try (TwoBrowsers browsers = TwoBrowsers.start()) {
            PairingPage inviter = browsers.openInviter(page());
            PairingPage joiner = browsers.openJoiner(page());
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
    default void relayConnectionDroppedMidPairing_recoversAndPairs() {
        try (TwoBrowsers browsers = TwoBrowsers.start()) {
            Chromium two = browsers.joinerBrowser();
            two.watchWebSockets();
            PairingPage inviter = browsers.openInviter(page());
            PairingPage joiner = browsers.openJoiner(page());
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

    /** The link with the first character of the pairing secret replaced by another. */
    private static String withSecretCharacterChanged(String link) {
        int secretStart = link.lastIndexOf('.') + 1;
        char original = link.charAt(secretStart);
        char replacement = original == 'A' ? 'B' : 'A';
        return link.substring(0, secretStart) + replacement + link.substring(secretStart + 1);
    }
}
