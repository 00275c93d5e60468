package dev.pfs.browser.contract;

import dev.pfs.browser.idb.IndexedDb;
import dev.pfs.browser.js.BrowserJsonCodec;
import dev.pfs.browser.js.Bytes;
import dev.pfs.browser.js.PromiseRejection;
import dev.pfs.browser.webcrypto.CryptoKey;
import dev.pfs.browser.webcrypto.RsaPssIdentityKeyPair;
import dev.pfs.browser.webcrypto.WebCryptoSuite;
import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.CryptoSuite;
import dev.pfs.protocol.wire.MalformedMessageException;
import dev.pfs.protocol.wire.WireObject;
import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.ArrayBuffer;
import org.teavm.jso.typedarrays.Int8Array;

/**
 * Checks of what the browser bindings promise beyond the crypto contract: copies that are not
 * shared, DOMException names that survive, identity keys that stay non-extractable in IndexedDB,
 * a JSON codec that accepts only the wire's flat shape. Reported beside the contract cases under
 * names starting with "browser/".
 */
final class BindingChecks {
    private static final String TEST_DATABASE = "pfs-binding-checks";

    private interface Check {
        void run() throws Exception;
    }

    /** One check's outcome: name, passed, and what went wrong. */
    static final class Result {
        final String name;
        final boolean passed;
        final String detail;

        Result(String name, boolean passed, String detail) {
            this.name = name;
            this.passed = passed;
            this.detail = detail;
        }
    }

    private BindingChecks() {
    }

    static List<Result> run() {
        WebCryptoSuite suite = WebCryptoSuite.create();
        List<Result> results = new ArrayList<>();
        results.add(check("browser/bytes-to-js-is-a-copy", BindingChecks::toJsCopies));
        results.add(check("browser/bytes-from-js-is-a-copy", BindingChecks::fromJsCopies));
        results.add(check("browser/rejection-keeps-domexception-name",
                () -> rejectionKeepsName(suite)));
        results.add(check("browser/identity-private-key-is-not-extractable",
                () -> privateKeyNotExtractable(suite)));
        results.add(check("browser/indexeddb-keeps-identity-key-usable-and-sealed",
                () -> indexedDbKeepsIdentity(suite)));
        results.add(check("browser/json-codec-round-trips-the-wire-shape",
                BindingChecks::jsonRoundTrips));
        results.add(check("browser/json-codec-rejects-other-shapes",
                BindingChecks::jsonRejectsOtherShapes));
        return results;
    }

    private static Result check(String name, Check check) {
        try {
            check.run();
            return new Result(name, true, "ok");
        } catch (Throwable e) {
            return new Result(name, false, e.getClass().getName() + ": " + e.getMessage());
        }
    }

    private static void toJsCopies() {
        byte[] key = {1, 2, 3};
        Int8Array copy = Bytes.toJs(key);
        Bytes.wipe(copy);
        expect(key[0] == 1 && key[2] == 3, "wiping the typed array changed the Java array");
        key[1] = 9;
        expect(copy.get(1) == 0, "changing the Java array changed the typed array");
    }

    private static void fromJsCopies() {
        ArrayBuffer buffer = new ArrayBuffer(3);
        Int8Array view = new Int8Array(buffer);
        view.set(0, (byte) 7);
        byte[] copy = Bytes.fromJs(buffer);
        view.set(0, (byte) 8);
        expect(copy[0] == 7, "changing the buffer changed the Java array");
        copy[1] = 5;
        expect(view.get(1) == 0, "changing the Java array changed the buffer");
    }

    private static void rejectionKeepsName(CryptoSuite suite) throws Exception {
        byte[] key = new byte[16];
        byte[] iv = new byte[12];
        byte[] sealed = suite.aead().seal(key, iv, new byte[4], new byte[0]);
        sealed[sealed.length - 1] ^= 1;
        try {
            suite.aead().open(key, iv, sealed, new byte[0]);
        } catch (CryptoException e) {
            Throwable cause = e.getCause();
            while (cause != null && !(cause instanceof PromiseRejection)) {
                cause = cause.getCause();
            }
            expect(cause != null, "no PromiseRejection behind " + e.getMessage());
            String name = ((PromiseRejection) cause).name();
            expect(name.equals("OperationError"), "expected OperationError, got " + name);
            return;
        }
        throw new AssertionError("a flipped tag bit decrypted");
    }

    private static void privateKeyNotExtractable(CryptoSuite suite) throws Exception {
        RsaPssIdentityKeyPair identity =
                (RsaPssIdentityKeyPair) suite.signatures().generateIdentityKey();
        expect(!identity.privateKey().isExtractable(), "the private key is extractable");
        expectExportRefused(identity.privateKey());
    }

    private static void indexedDbKeepsIdentity(CryptoSuite suite) throws Exception {
        RsaPssIdentityKeyPair identity =
                (RsaPssIdentityKeyPair) suite.signatures().generateIdentityKey();
        IndexedDb db = IndexedDb.open(TEST_DATABASE, 1, "keys");
        try {
            db.put("keys", "identity", pair(identity.privateKey(), identity.publicCryptoKey()));
            JSObject stored = db.get("keys", "identity");
            RsaPssIdentityKeyPair loaded = RsaPssIdentityKeyPair.of(privateKeyOf(stored),
                    publicKeyOf(stored));
            expect(!loaded.privateKey().isExtractable(), "stored private key is extractable");
            expectExportRefused(loaded.privateKey());
            byte[] message = {42};
            byte[] signature = loaded.sign(message);
            expect(suite.signatures().verify(identity.publicKey(), message, signature),
                    "the stored key's signature did not verify under the original public key");
        } finally {
            db.close();
            IndexedDb.delete(TEST_DATABASE);
        }
    }

    private static void jsonRoundTrips() throws Exception {
        BrowserJsonCodec codec = new BrowserJsonCodec();
        WireObject object = WireObject.builder().add("t", "hello \"quoted\" \u00e9\u4e16")
                .add("n", WireObject.MAX_SAFE_INTEGER).add("z", -1).build();
        WireObject back = codec.read(codec.write(object));
        expect(back.equals(object), "round trip gave " + back);
        expect(codec.write(object).startsWith("{\"t\":"), "field order lost");
    }

    private static void jsonRejectsOtherShapes() {
        BrowserJsonCodec codec = new BrowserJsonCodec();
        String[] bad = {"not json", "[]", "null", "\"text\"", "{\"a\":1.5}", "{\"a\":null}",
            "{\"a\":true}", "{\"a\":{}}", "{\"a\":[1]}", "{\"a\":9007199254740993}"};
        for (String text : bad) {
            try {
                codec.read(text);
            } catch (MalformedMessageException expected) {
                continue;
            }
            throw new AssertionError("accepted " + text);
        }
    }

    private static void expectExportRefused(CryptoKey privateKey) {
        String name = exportRejectionName(privateKey);
        expect("InvalidAccessError".equals(name), "exporting the private key gave " + name);
    }

    private static void expect(boolean condition, String failure) {
        if (!condition) {
            throw new AssertionError(failure);
        }
    }

    /** The DOMException name of exporting the key as pkcs8, or "exported" if it worked. */
    private static String exportRejectionName(CryptoKey key) {
        try {
            dev.pfs.browser.js.Promises.await(exportPkcs8(key));
            return "exported";
        } catch (PromiseRejection e) {
            return e.name();
        }
    }

    @JSBody(params = "key", script = "return crypto.subtle.exportKey('pkcs8', key);")
    private static native org.teavm.jso.core.JSPromise<JSObject> exportPkcs8(CryptoKey key);

    @JSBody(params = {"a", "b"}, script = "return { privateKey: a, publicKey: b };")
    private static native JSObject pair(CryptoKey privateKey, CryptoKey publicKey);

    @JSBody(params = "o", script = "return o.privateKey;")
    private static native CryptoKey privateKeyOf(JSObject object);

    @JSBody(params = "o", script = "return o.publicKey;")
    private static native CryptoKey publicKeyOf(JSObject object);
}
