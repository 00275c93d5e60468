package dev.pfs.e2e.browser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * A measurement, not a test: how long two headless Chromium pages whose identity keys already
 * exist take from "both connected" to "both show paired". Each round loads both pages afresh
 * (the identity keys come from IndexedDB; only a profile's very first load creates them, before
 * any clock runs), waits until both are connected, and lets the inviter create its invitation.
 * The clock starts as the joiner's page is handed the link and stops when the later of the two
 * pages marks the PAIRED step: both readings are the browsers' own {@code Date.now()} (one
 * machine, one clock), the end taken by a MutationObserver, so WebDriver's polling adds nothing.
 *
 * <p>{@code bin/browser-figures} builds, starts a relay and runs this; by hand, against a relay
 * already running: {@code PairingTimer http://127.0.0.1:8080/demo/pfs.html 20}.
 */
public final class PairingTimer {
    private static final String WATCH_FOR_PAIRED = ""
            + "window.__pairedAt = 0;"
            + "new MutationObserver(function(changes, observer) {"
            + "  var paired = '#steps li[data-step=\"PAIRED\"][data-state=\"done\"]';"
            + "  if (document.querySelector(paired)) {"
            + "    window.__pairedAt = Date.now();"
            + "    observer.disconnect();"
            + "  }"
            + "}).observe(document.body, { subtree: true, childList: true, attributes: true });";

    private PairingTimer() {
    }

    public static void main(String[] args) {
        String page = args[0];
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<Long> millis = new ArrayList<>();
        try (Chromium one = Chromium.start(); Chromium two = Chromium.start()) {
            System.out.println("Chromium " + one.driver().getCapabilities().getBrowserVersion()
                    + ", " + Runtime.getRuntime().availableProcessors() + " cores, page " + page);
            PairingPage inviter = new PairingPage(one.driver());
            PairingPage joiner = new PairingPage(two.driver());
            for (int round = 0; round < rounds; round++) {
                // A fresh load each round: the identity keys come from IndexedDB, not RSA key
                // generation (the first load of a profile creates them).
                inviter.open(page);
                joiner.open(page);
                inviter.waitUntilConnected();
                joiner.waitUntilConnected();
                String link = inviter.invite();
                script(one.driver(), WATCH_FOR_PAIRED);
                script(two.driver(), WATCH_FOR_PAIRED);
                long start = (Long) script(two.driver(), "var start = Date.now();"
                        + " location.hash = arguments[0]; return start;",
                        link.substring(link.indexOf('#')));
                inviter.waitUntilPaired();
                joiner.waitUntilPaired();
                long end = Math.max((Long) script(one.driver(), "return window.__pairedAt;"),
                        (Long) script(two.driver(), "return window.__pairedAt;"));
                millis.add(end - start);
                System.out.println("round " + (round + 1) + ": " + (end - start) + " ms");
            }
        }
        Collections.sort(millis);
        System.out.println("connected to paired, " + rounds + " rounds: median "
                + millis.get(millis.size() / 2) + " ms, min " + millis.get(0) + " ms, max "
                + millis.get(millis.size() - 1) + " ms");
    }

    private static Object script(WebDriver driver, String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }
}
