package dev.pfs.browser;

import dev.pfs.browser.idb.IndexedDb;
import dev.pfs.browser.ui.PageView;
import dev.pfs.browser.webcrypto.CryptoKey;
import dev.pfs.browser.webcrypto.RsaPssIdentityKeyPair;
import dev.pfs.browser.webcrypto.WebCryptoSuite;
import dev.pfs.crypto.IdentityKeyPair;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/** Entry point of /demo/pfs.html. */
public final class PfsPage {
    private PfsPage() {
    }

    public static void main(String[] args) {
        PageView view = new PageView();
        EventLoop loop = new EventLoop(e -> System.err.println("pfs: " + e));
        loop.start();
        loop.post(() -> {
            try {
                WebCryptoSuite suite = WebCryptoSuite.create();
                IndexedDb db = IndexedDb.open("pfs-device", 1, "identity", "peers");
                JSObject stored = db.get("identity", "identity");
                IdentityKeyPair identity;
                if (stored == null) {
                    RsaPssIdentityKeyPair created = (RsaPssIdentityKeyPair) suite.signatures()
                            .generateIdentityKey();
                    db.put("identity", "identity", pair(created.privateKey(),
                            created.publicCryptoKey()));
                    identity = created;
                } else {
                    identity = RsaPssIdentityKeyPair.of(privateKey(stored), publicKey(stored));
                }
                byte[] hash = suite.digest().sha256(identity.publicKey());
                StringBuilder hex = new StringBuilder();
                for (byte b : hash) {
                    hex.append(Integer.toHexString((b & 0xff) | 0x100).substring(1));
                }
                view.showDeviceFingerprint(hex.toString());
                view.enableActions(true);
                view.onInvite(() -> view.showInvitation("http://127.0.0.1/demo/pfs.html#pair=1.xx"));
                dev.pfs.browser.relay.SocketClusterTransport t =
                        new dev.pfs.browser.relay.SocketClusterTransport(
                        dev.pfs.browser.relay.SocketClusterTransport.relayUrlOfThisPage(), loop::post,
                        new dev.pfs.browser.relay.Backoff(500, 10000, Math::random));
                t.subscribe("x");
                t.connect(new dev.pfs.transport.TransportListener() {
                    public void onConnected() { view.showConnection("connected", "Connected"); t.publish("x", "{\"a\":1}"); }
                    public void onDisconnected(String r) { view.showConnection("disconnected", r); }
                    public void onMessage(String c, String d) { view.showConnection("connected", "msg " + d); }
                });
                drop(t::dropConnection);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @JSBody(params = "f", script = "window.pfsDrop = f;")
    private static native void drop(Drop f);
    @org.teavm.jso.JSFunctor interface Drop extends JSObject { void run(); }

    @JSBody(params = {"a", "b"}, script = "return { privateKey: a, publicKey: b };")
    private static native JSObject pair(CryptoKey a, CryptoKey b);

    @JSBody(params = "o", script = "return o.privateKey;")
    private static native CryptoKey privateKey(JSObject o);

    @JSBody(params = "o", script = "return o.publicKey;")
    private static native CryptoKey publicKey(JSObject o);
}
