package dev.pfs.browser.webcrypto;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/**
 * A WebCrypto key handle. A non-extractable one cannot be exported by anybody, this page included;
 * IndexedDB can still store it (structured clone keeps the handle opaque).
 */
public interface CryptoKey extends JSObject {
    @JSProperty
    String getType();

    @JSProperty
    boolean isExtractable();

    @JSProperty
    KeyAlgorithm getAlgorithm();

    /** The parts of a key's algorithm this code reads. */
    interface KeyAlgorithm extends JSObject {
        @JSProperty
        String getName();

        /** RSA keys only. */
        @JSProperty
        int getModulusLength();
    }
}
