package dev.pfs.e2e.browser;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * /demo/pfs.html in one browser, as a person uses it: read the fingerprint, invite, open a link,
 * compare the SAS, send messages, re-key. Every wait is a WebDriverWait on what the page shows.
 */
public final class PairingPage {
    /** Generous: RSA key generation and a pairing take well under a second, CI may be slow. */
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(45);

    private final WebDriver driver;
    private final WebDriverWait wait;

    public PairingPage(WebDriver driver) {
        this(driver, STEP_TIMEOUT);
    }

    public PairingPage(WebDriver driver, Duration timeout) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, timeout);
        // A reload replaces every element; a wait that spans one just looks again.
        wait.ignoring(StaleElementReferenceException.class);
    }

    /** Opens the page (or an invitation link) and waits until the device is ready. */
    public PairingPage open(String url) {
        driver.get(url);
        waitUntilReady();
        return this;
    }

    /** Opens the page without waiting for the device, for pages that must refuse to start. */
    public PairingPage openOnly(String url) {
        driver.get(url);
        return this;
    }

    public void reload() {
        driver.navigate().refresh();
        waitUntilReady();
    }

    private void waitUntilReady() {
        wait.until(ExpectedConditions.attributeToBe(By.id("invite-button"), "data-ready",
                "true"));
    }

    /** Our fingerprint as 64 hex digits (the page groups them by four for reading). */
    public String deviceFingerprint() {
        return text(By.id("device-fingerprint")).replace(" ", "");
    }

    public void waitUntilConnected() {
        wait.until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state",
                "connected"));
    }

    public void waitUntilDisconnected() {
        wait.until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state",
                "disconnected"));
    }

    /** Waits until the connection badge says exactly this. */
    public void waitForConnectionText(String text) {
        wait.until(ExpectedConditions.textToBe(By.id("connection"), text));
    }

    /**
     * Whether the connection badge still says "connected" after this long; returns early, with
     * false, as soon as it changes.
     */
    public boolean staysConnectedFor(Duration duration) {
        Object stayed = ((JavascriptExecutor) driver).executeAsyncScript(""
                + "var done = arguments[arguments.length - 1];"
                + "var badge = document.getElementById('connection');"
                + "if (badge.getAttribute('data-state') !== 'connected') { done(false); return; }"
                + "var timer = setTimeout(function() { observer.disconnect(); done(true); },"
                + "    arguments[0]);"
                + "var observer = new MutationObserver(function() {"
                + "  if (badge.getAttribute('data-state') !== 'connected') {"
                + "    clearTimeout(timer); observer.disconnect(); done(false); } });"
                + "observer.observe(badge, { attributes: true });", duration.toMillis());
        return Boolean.TRUE.equals(stayed);
    }

    /** Presses "Invite a device" and returns the link it shows. */
    public String invite() {
        driver.findElement(By.id("invite-button")).click();
        return wait.until(d -> {
            String link = d.findElement(By.id("invitation-link")).getDomProperty("value");
            return link == null || link.isEmpty() ? null : link;
        });
    }

    /** Whether the invitation shows a QR code with at least one module drawn. */
    public boolean showsQrCode() {
        List<WebElement> paths = driver.findElements(By.cssSelector("#invitation-qr svg path"));
        return !paths.isEmpty() && !paths.get(0).getDomAttribute("d").isEmpty();
    }

    /** Pastes a link into the join form, as for an invitation from a device without a browser. */
    public void joinByPasting(String link) {
        driver.findElement(By.tagName("summary")).click();
        WebElement input = driver.findElement(By.id("join-link"));
        input.clear();
        input.sendKeys(link);
        driver.findElement(By.id("join-button")).click();
    }

    /** Waits until the step list marks the step ("PAIRED", "PEER_FOUND", ...) so. */
    public void waitForStep(String step, String state) {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                "#steps li[data-step=\"" + step + "\"][data-state=\"" + state + "\"]")));
    }

    /** How the step list marks the step now: "pending", "done" or "failed". */
    public String stepState(String step) {
        return driver.findElement(By.cssSelector("#steps li[data-step=\"" + step + "\"]"))
                .getDomAttribute("data-state");
    }

    /** Waits for "paired" and for the peer's card. */
    public void waitUntilPaired() {
        waitForStep("PAIRED", "done");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".peer")));
    }

    /** The six digits the page asks to compare. */
    public String sas() {
        WebElement sas = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sas")));
        return sas.getDomAttribute("data-sas");
    }

    /** Every step of the list and how it is marked, in list order. */
    public Map<String, String> stepStates() {
        Map<String, String> states = new LinkedHashMap<>();
        for (WebElement li : driver.findElements(By.cssSelector("#steps li"))) {
            states.put(li.getDomAttribute("data-step"), li.getDomAttribute("data-state"));
        }
        return states;
    }

    /** The step list's heading, e.g. "Pairing: this device joins". */
    public String stepsTitle() {
        return text(By.id("steps-title"));
    }

    /** The step's title as the list shows it, e.g. "Paired". */
    public String stepTitle(String step) {
        return driver.findElement(By.cssSelector("#steps li[data-step=\"" + step + "\"] .title"))
                .getText();
    }

    /** The step's one line of what it did. */
    public String stepDetail(String step) {
        return driver.findElement(By.cssSelector("#steps li[data-step=\"" + step
                + "\"] .detail")).getText();
    }

    /** The step lines as shown: "STEP state detail", for failure messages. */
    public String stepsAsText() {
        return driver.findElements(By.cssSelector("#steps li")).stream()
                .map(li -> li.getDomAttribute("data-step") + " " + li.getDomAttribute("data-state")
                        + " " + li.findElement(By.className("detail")).getText())
                .collect(Collectors.joining("\n"));
    }

    public List<String> peerFingerprints() {
        return driver.findElements(By.cssSelector(".peer")).stream()
                .map(peer -> peer.getDomAttribute("data-fingerprint"))
                .collect(Collectors.toList());
    }

    /** The name the peer's card shows, with the page's note that the peer chose it. */
    public String peerName(String peerFingerprint) {
        return peer(peerFingerprint).findElement(By.className("peer-name")).getText();
    }

    /**
     * Presses the peer's "Forget" and confirms; waits until its card is gone. Returns what the
     * confirmation asked.
     */
    public String forgetPeer(String peerFingerprint) {
        peer(peerFingerprint).findElement(By.className("forget-peer-button")).click();
        Alert confirmation = wait.until(ExpectedConditions.alertIsPresent());
        String question = confirmation.getText();
        confirmation.accept();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(
                ".peer[data-fingerprint=\"" + peerFingerprint + "\"]"), 0));
        return question;
    }

    /** Presses the invitation's "Copy" and waits until the button says it copied. */
    public void copyInvitation() {
        driver.findElement(By.id("copy-button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("copy-button"), "Copied"));
    }

    /** All the text the page shows (what a person could read off the screen). */
    public String visibleText() {
        return text(By.tagName("body"));
    }

    /** Every resource the page loaded (scripts, styles, fonts, images) from another origin. */
    @SuppressWarnings("unchecked")
    public List<String> resourcesFromOtherOrigins() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(""
                + "return performance.getEntriesByType('resource').map(function(r) {"
                + "  return r.name; }).filter(function(name) {"
                + "  return new URL(name).origin !== location.origin; });");
    }

    /** The page's Content-Security-Policy (its meta element). */
    public String contentSecurityPolicy() {
        return driver.findElement(By.cssSelector("meta[http-equiv=\"Content-Security-Policy\"]"))
                .getDomAttribute("content");
    }

    /** How many elements match the CSS selector, e.g. to find injected markup. */
    public int count(String selector) {
        return driver.findElements(By.cssSelector(selector)).size();
    }

    public String sessionKeyFingerprint(String peerFingerprint) {
        return peer(peerFingerprint).findElement(By.className("session-key")).getText();
    }

    /** Types a message to the peer and waits until the page lists it as sent; returns its line. */
    public String send(String peerFingerprint, String text) {
        WebElement peer = peer(peerFingerprint);
        int before = peer.findElements(By.cssSelector(".messages li.sent")).size();
        WebElement input = peer.findElement(By.className("message-input"));
        input.sendKeys(text);
        peer.findElement(By.className("send-button")).click();
        return wait.until(d -> {
            List<WebElement> sent = peer.findElements(By.cssSelector(".messages li.sent"));
            return sent.size() > before ? sent.get(sent.size() - 1).getText() : null;
        });
    }

    /** Types a message and presses Send; does not wait for anything. */
    public void typeAndSend(String peerFingerprint, String text) {
        WebElement peer = peer(peerFingerprint);
        peer.findElement(By.className("message-input")).sendKeys(text);
        peer.findElement(By.className("send-button")).click();
    }

    /**
     * Waits until the message list shows the message with exactly this text as this kind
     * ("waiting", "sent", "rejected", "received"); returns its line.
     */
    public String waitForMessage(String peerFingerprint, String text, String kind) {
        WebElement peer = peer(peerFingerprint);
        return wait.until(d -> peer.findElements(By.cssSelector(".messages li." + kind))
                .stream()
                .filter(li -> li.findElement(By.className("text")).getText().equals(text))
                .map(WebElement::getText)
                .findFirst().orElse(null));
    }

    /** The texts of the peer's message list, in order, each as "kind: text". */
    public List<String> messages(String peerFingerprint) {
        return peer(peerFingerprint).findElements(By.cssSelector(".messages li")).stream()
                .map(li -> li.getDomAttribute("class") + ": "
                        + li.findElement(By.className("text")).getText())
                .collect(Collectors.toList());
    }

    /** Presses "Re-key now" without waiting for it. */
    public void pressRekey(String peerFingerprint) {
        peer(peerFingerprint).findElement(By.className("rekey-button")).click();
    }

    /** Waits until a received message with exactly this text appears; returns its line. */
    public String waitForReceived(String peerFingerprint, String text) {
        WebElement peer = peer(peerFingerprint);
        return wait.until(d -> peer.findElements(By.cssSelector(".messages li.received"))
                .stream()
                .filter(li -> li.findElement(By.className("text")).getText().equals(text))
                .map(WebElement::getText)
                .findFirst().orElse(null));
    }

    /** Presses "Re-key now" and waits until the session key fingerprint changes; returns it. */
    public String rekey(String peerFingerprint) {
        String before = sessionKeyFingerprint(peerFingerprint);
        pressRekey(peerFingerprint);
        return waitForSessionKeyOtherThan(peerFingerprint, before);
    }

    public String waitForSessionKeyOtherThan(String peerFingerprint, String old) {
        return wait.until(d -> {
            String now = sessionKeyFingerprint(peerFingerprint);
            return now.equals(old) || now.isEmpty() ? null : now;
        });
    }

    /** Waits for the error box; returns {plain words, small print}. */
    public String[] waitForError() {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error-section")));
        return new String[] {text(By.id("error-text")), text(By.id("error-detail"))};
    }

    /** Presses "Forget this device" and confirms; waits for the new identity. */
    public void forgetDevice() {
        String old = deviceFingerprint();
        driver.findElement(By.id("forget-button")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(d -> {
            String now = deviceFingerprint();
            return !now.equals(old) && now.matches("[0-9a-f]{64}") ? now : null;
        });
    }

    /**
     * How far the page is wider than its viewport (0 when nothing scrolls sideways). Compared
     * with clientWidth, not innerWidth: on a phone, innerWidth grows with content that is too
     * wide, so it would never show the overflow.
     */
    public long horizontalOverflowPixels() {
        Object overflow = ((JavascriptExecutor) driver).executeScript("return"
                + " document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        return ((Number) overflow).longValue();
    }

    private WebElement peer(String fingerprint) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".peer[data-fingerprint=\"" + fingerprint + "\"]")));
    }

    private String text(By locator) {
        return driver.findElement(locator).getText();
    }
}
