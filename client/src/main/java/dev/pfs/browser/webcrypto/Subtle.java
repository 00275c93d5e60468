package dev.pfs.browser.webcrypto;

import dev.pfs.browser.js.PromiseRejection;
import dev.pfs.browser.js.Promises;
import dev.pfs.crypto.CryptoException;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;

/** Awaits WebCrypto promises, turning a rejection into a {@link CryptoException}. */
final class Subtle {
    private Subtle() {
    }

    static SubtleCrypto api() {
        SubtleCrypto subtle = SubtleCrypto.current();
        if (subtle == null) {
            throw new IllegalStateException("crypto.subtle is missing; the page must be served"
                    + " over https or from 127.0.0.1 / localhost");
        }
        return subtle;
    }

    /**
     * Waits for the promise. A rejection becomes a CryptoException whose message is
     * {@code failure} followed by the DOMException name, and whose cause keeps the browser's text.
     */
    static JSObject await(JSPromise<? extends JSObject> promise, String failure)
            throws CryptoException {
        try {
            return Promises.await(promise);
        } catch (PromiseRejection e) {
            throw new CryptoException(failure + " (" + e.name() + ")", e);
        }
    }
}
