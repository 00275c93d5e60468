package dev.pfs.browser;

import dev.pfs.browser.idb.IdbDeviceStore;
import dev.pfs.browser.js.BrowserJsonCodec;
import dev.pfs.browser.js.Js;
import dev.pfs.browser.js.PromiseRejection;
import dev.pfs.browser.js.Promises;
import dev.pfs.browser.relay.Backoff;
import dev.pfs.browser.relay.SocketClusterTransport;
import dev.pfs.browser.ui.PageView;
import dev.pfs.browser.webcrypto.WebCryptoSuite;
import dev.pfs.protocol.Device;
import dev.pfs.protocol.DeviceConfig;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.browser.Window;

/**
 * Entry point of /demo/pfs.html: builds a {@link Device} from the browser's parts (WebCrypto,
 * IndexedDB, the relay over WebSocket) and hands it to a {@link PageController}.
 */
public final class PfsPage {
    /** Reconnect delays: from half a second up to 15 s, with jitter. */
    private static final long FIRST_RECONNECT_MILLIS = 500;
    private static final long MAX_RECONNECT_MILLIS = 15000;
    private static final int TICK_MILLIS = 1000;
    /**
     * How long a connection attempt may wait for the relay's answers, as for the JVM device: the
     * relay answers in milliseconds, 10 s leaves room for a slow network and TLS, and is what
     * socketcluster-server allows by default for a handshake and for any reply.
     */
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 10000;
    /** The range a page address may set with {@code ?handshake-timeout=MS}. */
    private static final int MIN_HANDSHAKE_TIMEOUT_MILLIS = 1000;
    private static final int MAX_HANDSHAKE_TIMEOUT_MILLIS = 60000;
    private static final String DEVICE_LOCK = "pfs-device";

    private PfsPage() {
    }

    public static void main(String[] args) {
        PageView view = new PageView();
        EventLoop loop = new EventLoop(failure -> {
            consoleError("pfs: " + failure);
            view.showError("Something went wrong in this page. Reloading it may help.",
                    String.valueOf(failure.getMessage()));
        });
        loop.start();
        loop.post(() -> start(view, loop));
    }

    private static void start(PageView view, EventLoop loop) {
        if (!holdsDeviceLock()) {
            view.showError("This device is already open in another tab of this browser. Use that"
                    + " tab; to pair with this browser, open the link in another browser or in a"
                    + " private window.", "the device lock " + DEVICE_LOCK + " is held");
            return;
        }
        WebCryptoSuite crypto;
        IdbDeviceStore store;
        try {
            crypto = WebCryptoSuite.create();
            store = IdbDeviceStore.open();
        } catch (Exception e) {
            view.showError("This browser cannot run a device here: it needs WebCrypto and"
                    + " IndexedDB, which browsers offer only over https or on 127.0.0.1.",
                    String.valueOf(e.getMessage()));
            return;
        }
        PageController controller = new PageController(view, loop);
        SocketClusterTransport transport = new SocketClusterTransport(
                SocketClusterTransport.relayUrlOfThisPage(), loop,
                new Backoff(FIRST_RECONNECT_MILLIS, MAX_RECONNECT_MILLIS, Math::random),
                handshakeTimeoutMillis(), controller::onRelayNotAnswering);
        DeviceConfig config = DeviceConfig.builder()
                .deviceName(browserName())
                .invitationBaseUrl(pageUrlWithoutFragment())
                .build();
        Device device = new Device(config, crypto, new BrowserJsonCodec(), store, transport,
                () -> (long) Js.now(), controller);
        if (controller.start(device)) {
            transport.connect(device);
            Window.setInterval(() -> loop.post(controller::tick), TICK_MILLIS);
            String link = takeInvitationFromAddressBar();
            if (link != null) {
                controller.join(link);
            }
            onInvitationOpened(opened -> loop.post(() -> controller.join(opened)));
        }
    }

    /**
     * Whether this tab now holds the browser-wide lock on the device (Web Locks API), kept until
     * the tab closes. Two tabs of one profile share the stored device; running it twice would pair
     * it with itself and race on its message counters.
     */
    private static boolean holdsDeviceLock() {
        try {
            return Js.isTrue(Promises.await(requestDeviceLock(DEVICE_LOCK)));
        } catch (PromiseRejection e) {
            return true;
        }
    }

    @JSBody(params = "name", script = ""
            + "if (!navigator.locks) { return Promise.resolve(true); }"
            + "return new Promise(function(resolve) {"
            + "  navigator.locks.request(name, { ifAvailable: true }, function(lock) {"
            + "    resolve(lock !== null);"
            + "    return lock === null ? undefined : new Promise(function() {});"
            + "  });"
            + "});")
    private static native JSPromise<JSObject> requestDeviceLock(String name);

    /**
     * The invitation in the address bar, if any, removed from it: the fragment holds the pairing
     * secret, and a reload must not join the same pairing again.
     */
    @JSBody(script = ""
            + "var hash = location.hash;"
            + "if (hash.indexOf('#pair=') !== 0) { return null; }"
            + "var link = location.href;"
            + "history.replaceState(null, '', location.pathname + location.search);"
            + "return link;")
    private static native String takeInvitationFromAddressBar();

    /** Calls back when a link is opened in this already loaded tab (only the fragment changes). */
    private static void onInvitationOpened(LinkHandler handler) {
        listenForHashChange(() -> {
            String link = takeInvitationFromAddressBar();
            if (link != null) {
                handler.onLink(link);
            }
        });
    }

    private interface LinkHandler {
        void onLink(String link);
    }

    @org.teavm.jso.JSFunctor
    private interface HashChange extends org.teavm.jso.JSObject {
        void changed();
    }

    @JSBody(params = "handler", script = "window.addEventListener('hashchange',"
            + " function() { handler(); });")
    private static native void listenForHashChange(HashChange handler);

    @JSBody(script = "return location.origin + location.pathname;")
    private static native String pageUrlWithoutFragment();

    /**
     * The handshake timeout: {@code ?handshake-timeout=MS} in the page's address (the tests
     * shorten it that way, and it is how to try a slow relay by hand), within 1 to 60 s, else
     * 10 s. Invitation links never carry it.
     */
    private static int handshakeTimeoutMillis() {
        int asked = addressSetting("handshake-timeout");
        return asked >= MIN_HANDSHAKE_TIMEOUT_MILLIS && asked <= MAX_HANDSHAKE_TIMEOUT_MILLIS
                ? asked : HANDSHAKE_TIMEOUT_MILLIS;
    }

    /** A whole number of at most 6 digits from the address's query; -1 when absent or not. */
    @JSBody(params = "name", script = ""
            + "var value = new URLSearchParams(location.search).get(name);"
            + "return value !== null && /^[0-9]{1,6}$/.test(value) ? parseInt(value, 10) : -1;")
    private static native int addressSetting(String name);

    /** A name the peer shows as a claim, e.g. "Chrome on Linux". */
    @JSBody(script = ""
            + "var ua = navigator.userAgent;"
            + "var browser = /Edg\\//.test(ua) ? 'Edge' : /Firefox\\//.test(ua) ? 'Firefox'"
            + "    : /Chrom(e|ium)\\//.test(ua) ? 'Chrome' : /Safari\\//.test(ua) ? 'Safari'"
            + "    : 'Browser';"
            + "var os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS'"
            + "    : /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS'"
            + "    : /Linux/.test(ua) ? 'Linux' : 'a computer';"
            + "return browser + ' on ' + os;")
    private static native String browserName();

    @JSBody(params = "text", script = "console.error(text);")
    static native void consoleError(String text);
}
