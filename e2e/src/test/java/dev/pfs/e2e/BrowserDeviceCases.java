package dev.pfs.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pfs.crypto.contract.CryptoContract;
import dev.pfs.e2e.browser.Chromium;
import dev.pfs.e2e.browser.PairingPage;
import dev.pfs.e2e.browser.TwoBrowsers;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
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
            desktop.allowClipboard();
            inviter.copyInvitation();
            assertEquals(link, desktop.clipboardText(), "Copy puts the link on the clipboard");
            joiner.open(link);
            inviter.waitUntilPaired();
            joiner.waitUntilPaired();

            assertEquals(inviter.sas(), joiner.sas(), "both screens show the same SAS");
            assertTrue(inviter.sas().matches("[0-9]{6}"), inviter.sas());
            assertEquals(List.of(joinerFingerprint), inviter.peerFingerprints());
            assertEquals(List.of(inviterFingerprint), joiner.peerFingerprints());
            assertEveryStepDone(inviter);
            assertEveryStepDone(joiner);
            String secret = link.substring(link.lastIndexOf('.') + 1);
            assertFalse(inviter.visibleText().contains(secret), "the inviter shows the secret");
            assertFalse(joiner.visibleText().contains(secret), "the joiner shows the secret");

            String sent = inviter.send(joinerFingerprint, "hello from the desktop");
            assertTrue(sent.contains("bytes of ciphertext, counter 1"), sent);
            joiner.waitForReceived(inviterFingerprint, "hello from the desktop");
            joiner.send(inviterFingerprint, "und zurück vom Telefon ✓");
            inviter.waitForReceived(joinerFingerprint, "und zurück vom Telefon ✓");

            assertEquals(0, joiner.horizontalOverflowPixels(), "sideways scrolling at 375 px");
            assertEquals(0, inviter.horizontalOverflowPixels(), "sideways scrolling on a desktop");
            assertEquals(List.of(), inviter.resourcesFromOtherOrigins(), "no fonts, CDNs");
            String policy = inviter.contentSecurityPolicy();
            assertTrue(policy.startsWith("default-src 'self';") && !policy.contains("http")
                    && !policy.contains("*"), "the page may load only its own files: " + policy);
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
            for (PairingPage page : List.of(inviter, joiner)) {
                assertTrue(page.stepsTitle().startsWith("Re-key with "), page.stepsTitle());
                assertEveryStepDone(page);
                assertEquals("Re-keyed", page.stepTitle("PAIRED"));
            }
            assertFalse(inviter.stepStates().containsKey("IDENTITY_SENT"),
                    "a re-key sends no identity: " + inviter.stepStates());
            for (PairingPage page : List.of(inviter, joiner)) {
                String derived = page.stepDetail("KEYS_DERIVED");
                assertFalse(derived.contains("SAS"), "a re-key shows no SAS: " + derived);
                assertTrue(derived.endsWith("signed with the identity keys pinned at pairing"),
                        derived);
            }
            joiner.send(inviterFingerprint, "under the new key");
            inviter.waitForReceived(joinerFingerprint, "under the new key");
        }
    }

    @Test
    default void messagesSentWhileARekeyAwaitsItsAck_wait_thenArriveOnceInOrder() {
        try (TwoBrowsers paired = TwoBrowsers.startPairedWatchingTheJoiner(page())) {
            PairingPage inviter = paired.inviter();
            PairingPage joiner = paired.joiner();
            String inviterFingerprint = paired.inviterFingerprint();
            String joinerFingerprint = paired.joinerFingerprint();
            String oldKey = inviter.sessionKeyFingerprint(joinerFingerprint);

            // The joiner's ack of the new session key is held back, so the inviter, which has
            // sent that key, must not send under the old one (the joiner switched already).
            awaitHeldAckAfterRekey(paired);
            inviter.typeAndSend(joinerFingerprint, "first, during the re-key");
            inviter.typeAndSend(joinerFingerprint, "second, during the re-key");
            String waiting = inviter.waitForMessage(joinerFingerprint, "second, during the re-key",
                    "waiting");
            assertTrue(waiting.contains("waiting: re-keying with "), waiting);
            inviter.waitForMessage(joinerFingerprint, "first, during the re-key", "waiting");

            paired.joinerBrowser().releaseHeld();

            String newKey = inviter.waitForSessionKeyOtherThan(joinerFingerprint, oldKey);
            String first = inviter.waitForMessage(joinerFingerprint, "first, during the re-key",
                    "sent");
            String second = inviter.waitForMessage(joinerFingerprint,
                    "second, during the re-key", "sent");
            assertTrue(first.endsWith("counter 1"), "the new key's first message: " + first);
            assertTrue(second.endsWith("counter 2"), second);
            inviter.send(joinerFingerprint, "after the re-key");
            joiner.waitForReceived(inviterFingerprint, "after the re-key");
            assertEquals(newKey, joiner.sessionKeyFingerprint(inviterFingerprint));
            assertEquals(List.of("rekeyed: Re-keyed.", "received: first, during the re-key",
                    "received: second, during the re-key", "received: after the re-key"),
                    joiner.messages(inviterFingerprint), "each once, in order, none rejected");
        }
    }

    @Test
    default void messagesWaitingForARekeyThatFails_orForAForgottenPeer_areNotSent() {
        try (TwoBrowsers paired = TwoBrowsers.startPairedWatchingTheJoiner(page())) {
            PairingPage inviter = paired.inviter();
            PairingPage joiner = paired.joiner();
            String inviterFingerprint = paired.inviterFingerprint();
            String joinerFingerprint = paired.joinerFingerprint();
            String oldKey = inviter.sessionKeyFingerprint(joinerFingerprint);
            awaitHeldAckAfterRekey(paired);
            inviter.typeAndSend(joinerFingerprint, "waits for a re-key that fails");
            inviter.waitForMessage(joinerFingerprint, "waits for a re-key that fails", "waiting");

            // A tampered ack: the inviter aborts the re-key, and both keep the old key.
            paired.joinerBrowser().releaseHeldWithMacChanged();

            String notSent = inviter.waitForMessage(joinerFingerprint,
                    "waits for a re-key that fails", "rejected");
            assertTrue(notSent.endsWith("not sent: the re-key failed (bad-confirmation)"),
                    notSent);
            assertTrue(inviter.waitForError()[0].startsWith("The re-key failed: "));
            joiner.waitForError();
            assertEquals(oldKey, joiner.sessionKeyFingerprint(inviterFingerprint),
                    "the joiner's card shows the key it went back to");
            inviter.send(joinerFingerprint, "under the old key");
            joiner.waitForReceived(inviterFingerprint, "under the old key");
            assertFalse(joiner.messages(inviterFingerprint).toString()
                    .contains("waits for a re-key that fails"));

            awaitHeldAckAfterRekey(paired);
            inviter.typeAndSend(joinerFingerprint, "waits while the peer is forgotten");
            inviter.waitForMessage(joinerFingerprint, "waits while the peer is forgotten",
                    "waiting");
            String question = inviter.forgetPeer(joinerFingerprint);
            assertTrue(question.endsWith(" The message waiting to be sent to it is not sent."),
                    question);
            assertEquals(List.of(), inviter.peerFingerprints());
        }
    }

    @Test
    default void messageSentWhileDisconnected_waits_andGoesOnceReconnected() {
        try (TwoBrowsers paired = TwoBrowsers.startPairedWatchingTheJoiner(page())) {
            PairingPage inviter = paired.inviter();
            PairingPage joiner = paired.joiner();
            String inviterFingerprint = paired.inviterFingerprint();
            paired.joinerBrowser().loseNetwork();
            joiner.waitUntilDisconnected();

            joiner.typeAndSend(inviterFingerprint, "typed offline");

            String waiting = joiner.waitForMessage(inviterFingerprint, "typed offline", "waiting");
            assertTrue(waiting.endsWith("waiting: not connected to the relay; it goes once"
                    + " connected"), waiting);
            paired.joinerBrowser().restoreNetwork();
            joiner.waitUntilConnected();
            String sent = joiner.waitForMessage(inviterFingerprint, "typed offline", "sent");
            assertTrue(sent.endsWith("counter 1"), sent);
            inviter.waitForReceived(paired.joinerFingerprint(), "typed offline");
            assertEquals(List.of("received: typed offline"),
                    inviter.messages(paired.joinerFingerprint()));
        }
    }

    /**
     * Holds back the joiner's ack, presses Re-key on the inviter and waits until the ack is
     * held: the inviter has sent the new session key and now waits for the ack.
     */
    private static void awaitHeldAckAfterRekey(TwoBrowsers paired) {
        Chromium two = paired.joinerBrowser();
        two.holdWhenSending("\"t\":\"ack\"");
        paired.inviter().pressRekey(paired.joinerFingerprint());
        new WebDriverWait(two.driver(), Duration.ofSeconds(45))
                .until(d -> two.heldFrames() > 0);
    }

    @Test
    default void relayThatTakesTheSocketButNeverAnswers_isShown_andThePageConnectsOnceItDoes()
            throws Exception {
        int timeoutMillis = 2000;
        try (SilentRelay fake = SilentRelay.silentFront(base().getPort(),
                SilentRelay.Silence.AFTER_UPGRADE);
                Chromium chromium = Chromium.start()) {
            PairingPage browser = new PairingPage(chromium.driver()).open("http://127.0.0.1:"
                    + fake.port() + "/demo/pfs.html?handshake-timeout=" + timeoutMillis);

            assertEquals(SilentRelay.Silence.AFTER_UPGRADE, fake.awaitSilencedUpgrade());
            browser.waitForConnectionText("The relay does not answer; trying again (no answer"
                    + " to the handshake within " + timeoutMillis + " ms)");
            fake.silence(SilentRelay.Silence.BEFORE_UPGRADE);
            browser.waitForConnectionText("The relay does not answer; trying again (no answer"
                    + " to the WebSocket upgrade within " + timeoutMillis + " ms)");
            fake.answer();

            browser.waitUntilConnected();
            assertTrue(browser.staysConnectedFor(Duration.ofMillis(timeoutMillis + 1000)),
                    "a connection that is ready outlives the handshake timeout");
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
            assertEquals("failed", joiner.stepState("IDENTITY_RECEIVED"), joiner.stepsAsText());
            assertEquals("skipped", joiner.stepState("PAIRED"), joiner.stepsAsText());
            assertFalse(joiner.stepStates().containsValue("pending"), joiner.stepsAsText());
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

            // The identities go both ways; then the joiner's connection drops as it sends its
            // ephemeral key, which is lost, and its reconnect attempts fail for a while.
            two.refuseNewConnections();
            two.cutConnectionWhenSending("\"t\":\"ephemeral\"");
            joiner.open(link);
            joiner.waitUntilDisconnected();
            inviter.waitForStep("EPHEMERAL_SENT", "done");
            joiner.waitForStep("IDENTITY_RECEIVED", "done");
            assertEquals("done", inviter.stepState("IDENTITY_RECEIVED"), inviter.stepsAsText());
            assertEquals("pending", inviter.stepState("EPHEMERAL_VERIFIED"),
                    "the joiner's ephemeral key was lost");
            two.restoreNetwork();

            joiner.waitUntilConnected();
            inviter.waitUntilPaired();
            joiner.waitUntilPaired();
            assertEquals(inviter.sas(), joiner.sas());
        }
    }

    @Test
    default void relayConnectionDroppedBeforeTheFirstMessage_recoversAndPairs() {
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

    @Test
    default void relaysPing_isAnsweredWithAPong() {
        try (Chromium chromium = Chromium.start()) {
            chromium.watchWebSockets();
            PairingPage browser = new PairingPage(chromium.driver()).open(page());
            browser.waitUntilConnected();

            // The relay pings every 8 s (payara-config/relay.properties).
            long[] counts = new WebDriverWait(chromium.driver(), Duration.ofSeconds(45))
                    .until(d -> {
                        long[] now = chromium.heartbeats();
                        return now[0] >= 1 ? now : null;
                    });

            // The page answers in the frame's own event handler, so the count is already up.
            assertEquals(counts[0], counts[1], "pongs for " + counts[0] + " pings");
            assertEquals("connected", chromium.driver().findElement(By.id("connection"))
                    .getDomAttribute("data-state"));
        }
    }

    @Test
    default void theRelaysRootAddress_leadsToThePairingPage() {
        try (Chromium chromium = Chromium.start()) {
            PairingPage browser = new PairingPage(chromium.driver()).open(root() + "/");

            assertEquals(page(), chromium.driver().getCurrentUrl());
            assertTrue(browser.deviceFingerprint().matches("[0-9a-f]{64}"),
                    browser.deviceFingerprint());
        }
    }

    @Test
    default void pageScript_isSentGzipped_toABrowserThatAcceptsIt() throws Exception {
        // HTTP/1.1 as browsers speak it over http:// (Payara does not compress HTTP/2 over h2c)
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI script = URI.create(root() + "/demo/pfs.js");
        HttpResponse<byte[]> plain = http.send(HttpRequest.newBuilder(script).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> gzipped = http.send(HttpRequest.newBuilder(script)
                .header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, gzipped.statusCode());
        assertEquals(Optional.of("gzip"), gzipped.headers().firstValue("Content-Encoding"));
        assertTrue(gzipped.body().length < plain.body().length / 2,
                () -> gzipped.body().length + " gzip bytes of " + plain.body().length);
        try (GZIPInputStream unzipped =
                new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertArrayEquals(plain.body(), unzipped.readAllBytes());
        }
    }

    @Test
    default void forgetAPeer_removesItsCardForGood_andKeepsTheDevice() {
        try (TwoBrowsers paired = TwoBrowsers.startPaired(page())) {
            PairingPage joiner = paired.joiner();

            joiner.forgetPeer(paired.inviterFingerprint());

            assertEquals(List.of(), joiner.peerFingerprints());
            joiner.reload();
            assertEquals(List.of(), joiner.peerFingerprints(), "the peer stays forgotten");
            assertEquals(paired.joinerFingerprint(), joiner.deviceFingerprint());
        }
    }

    @Test
    default void peerNameAndMessagesWithMarkup_areShownAsText() throws Exception {
        String name = "<img src=x id=injected-name>";
        try (Chromium chromium = Chromium.start()) {
            PairingPage browser = new PairingPage(chromium.driver()).open(page());
            String link = browser.invite();
            try (DeviceProcess jvm = DeviceProcess.start(name, directory(),
                    List.of("join", link, "--relay", relay()))) {
                String jvmFingerprint = jvm.await("device").getString("fingerprint");
                browser.waitUntilPaired();
                jvm.type("<b id=injected-message>bold?</b>");
                browser.waitForReceived(jvmFingerprint, "<b id=injected-message>bold?</b>");

                assertEquals(name + " (the name it gave itself)", browser.peerName(jvmFingerprint));
                assertTrue(browser.stepDetail("IDENTITY_RECEIVED").contains(name),
                        browser.stepDetail("IDENTITY_RECEIVED"));
                assertEquals(0, browser.count("#injected-name, #injected-message, main img"));
            }
        }
    }

    private static void assertEveryStepDone(PairingPage page) {
        assertEquals(Set.of("done"), new HashSet<>(page.stepStates().values()),
                page.stepsAsText());
    }

    /** The link with the first character of the pairing secret replaced by another. */
    private static String withSecretCharacterChanged(String link) {
        int secretStart = link.lastIndexOf('.') + 1;
        char original = link.charAt(secretStart);
        char replacement = original == 'A' ? 'B' : 'A';
        return link.substring(0, secretStart) + replacement + link.substring(secretStart + 1);
    }
}
