package dev.pfs.e2e.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One headless Chromium with a profile of its own, as a separate browser on a separate machine
 * would be: its own IndexedDB, so its own device. Debian's chromium and chromedriver are given by
 * path (system properties chromium.binary and chromium.driver), so Selenium Manager never runs
 * and nothing is downloaded. HOME and the XDG directories point into the profile's folder so
 * Chromium writes nothing outside the build directory.
 */
public final class Chromium implements AutoCloseable {
    private final ChromeDriver driver;

    private Chromium(ChromeDriver driver) {
        this.driver = driver;
    }

    /** A desktop-sized window. */
    public static Chromium start() {
        return start(new ChromeOptions(), 1280, 900);
    }

    /** A phone: the page is laid out 375 CSS pixels wide, as on a small phone. */
    public static Chromium startPhone() {
        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                Map.of("width", 375, "height", 812, "pixelRatio", 2.0, "touch", true)));
        return start(options, 600, 900);
    }

    private static Chromium start(ChromeOptions options, int width, int height) {
        Path home = temporaryProfile();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(property("chromium.driver")))
                .usingAnyFreePort()
                .withEnvironment(Map.of(
                        "HOME", home.toString(),
                        "XDG_CONFIG_HOME", home.resolve("config").toString(),
                        "XDG_CACHE_HOME", home.resolve("cache").toString(),
                        "XDG_DATA_HOME", home.resolve("data").toString()))
                .build();
        options.setBinary(property("chromium.binary"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + home.resolve("profile"),
                "--window-size=" + width + "," + height);
        return new Chromium(new ChromeDriver(service, options));
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * Makes pages loaded from now on keep a list of the WebSockets they open, so that
     * {@link #loseNetwork} and {@link #cutConnectionWhenSending} can break them and
     * {@link #holdWhenSending} can delay frames, and count the heartbeat frames (protocol 2's
     * empty pings and pongs) for {@link #heartbeats}. Only the test's own script does this; the
     * page has no hook for it.
     */
    public void watchWebSockets() {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", ""
                + "(function() {"
                + "  var Native = window.WebSocket;"
                + "  var opened = [];"
                + "  window.__testWebSockets = opened;"
                + "  window.__testCutWhenSending = null;"
                + "  window.__testHeartbeat = { pings: 0, pongs: 0 };"
                + "  window.__testHoldWhenSending = null;"
                + "  window.__testHeld = [];"
                + "  window.__testReleaseHeld = function(changeMac) {"
                + "    var held = window.__testHeld;"
                + "    window.__testHeld = [];"
                + "    window.__testHoldWhenSending = null;"
                + "    held.forEach(function(frame) {"
                + "      var data = !changeMac ? frame.data : frame.data.replace(/\"mac\":\"(.)/,"
                + "          function(all, first) {"
                + "            return '\"mac\":\"' + (first === 'A' ? 'B' : 'A'); });"
                + "      Native.prototype.send.call(frame.socket, data);"
                + "    });"
                + "  };"
                + "  window.WebSocket = function(url, protocols) {"
                + "    var socket = protocols === undefined"
                + "        ? new Native(url) : new Native(url, protocols);"
                + "    var send = socket.send;"
                + "    socket.send = function(data) {"
                + "      var marker = window.__testCutWhenSending;"
                + "      if (marker !== null && String(data).indexOf(marker) >= 0) {"
                + "        window.__testCutWhenSending = null;"
                + "        opened.forEach(function(open) { open.close(); });"
                + "        return;"
                + "      }"
                + "      var hold = window.__testHoldWhenSending;"
                + "      if (hold !== null && String(data).indexOf(hold) >= 0) {"
                + "        window.__testHeld.push({ socket: socket, data: String(data) });"
                + "        return;"
                + "      }"
                + "      if (data === '') { window.__testHeartbeat.pongs++; }"
                + "      send.call(socket, data);"
                + "    };"
                + "    socket.addEventListener('message', function(event) {"
                + "      if (event.data === '') { window.__testHeartbeat.pings++; }"
                + "    });"
                + "    opened.push(socket);"
                + "    return socket;"
                + "  };"
                + "  window.WebSocket.prototype = Native.prototype;"
                + "  ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach(function(name) {"
                + "    window.WebSocket[name] = Native[name];"
                + "  });"
                + "})();"));
    }

    /**
     * Takes this browser off the network as a dead Wi-Fi would: Chrome's network emulation makes
     * every new connection fail, and the WebSockets already open (which the emulation leaves
     * alone) are closed. Needs {@link #watchWebSockets} before the page loaded.
     */
    public void loseNetwork() {
        emulateNetwork(true);
        driver.executeScript("window.__testWebSockets.forEach(function(socket) {"
                + " socket.close(); });");
    }

    /**
     * Makes every new connection fail, as a dead network would, but leaves the WebSockets already
     * open alone (Chrome's network emulation does not touch them).
     */
    public void refuseNewConnections() {
        emulateNetwork(true);
    }

    /**
     * Drops the connection the moment the page sends a frame containing the marker: that frame
     * is lost and every open WebSocket closes. Needs {@link #watchWebSockets} before the page
     * loaded.
     */
    public void cutConnectionWhenSending(String marker) {
        driver.executeScript("window.__testCutWhenSending = arguments[0];", marker);
    }

    /**
     * Holds back every frame the page sends that contains the marker, until
     * {@link #releaseHeld}: a slow network for that frame alone. Needs {@link #watchWebSockets}
     * before the page loaded.
     */
    public void holdWhenSending(String marker) {
        driver.executeScript("window.__testHoldWhenSending = arguments[0];", marker);
    }

    /** How many frames {@link #holdWhenSending} holds now. */
    public long heldFrames() {
        return ((Number) driver.executeScript("return window.__testHeld.length;")).longValue();
    }

    /** Sends the held frames as they were, and holds no more. */
    public void releaseHeld() {
        driver.executeScript("window.__testReleaseHeld(false);");
    }

    /**
     * Sends the held frames with the first character of their {@code mac} value changed, as a
     * relay that tampers with them would, and holds no more.
     */
    public void releaseHeldWithMacChanged() {
        driver.executeScript("window.__testReleaseHeld(true);");
    }

    public void restoreNetwork() {
        emulateNetwork(false);
    }

    /** {pings received, pongs sent} on the page's WebSockets (needs {@link #watchWebSockets}). */
    public long[] heartbeats() {
        java.util.List<?> counts = (java.util.List<?>) driver.executeScript("return"
                + " [window.__testHeartbeat.pings, window.__testHeartbeat.pongs];");
        return new long[] {((Number) counts.get(0)).longValue(),
            ((Number) counts.get(1)).longValue()};
    }

    /** Lets the page write and read the clipboard without asking, as a person's click allows. */
    public void allowClipboard() {
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("permissions",
                java.util.List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    }

    /** The clipboard's text (needs {@link #allowClipboard}). */
    public String clipboardText() {
        return String.valueOf(driver.executeAsyncScript(""
                + "var done = arguments[arguments.length - 1];"
                + "navigator.clipboard.readText().then(done, function(e) {"
                + "  done('clipboard read failed: ' + e.name); });"));
    }

    private void emulateNetwork(boolean offline) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of(
                "offline", offline, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static Path temporaryProfile() {
        try {
            // java.io.tmpdir is the module's target directory (failsafe's argLine)
            return Files.createTempDirectory("chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || !new File(value).canExecute()) {
            throw new IllegalStateException("system property " + name + " must name an"
                    + " executable; got " + value + " (bin/test installs Debian's chromium and"
                    + " chromium-driver)");
        }
        return value;
    }
}
