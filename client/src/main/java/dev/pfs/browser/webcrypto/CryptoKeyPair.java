package dev.pfs.browser.webcrypto;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/** What {@code generateKey} returns for an asymmetric algorithm. */
public interface CryptoKeyPair extends JSObject {
    @JSProperty
    CryptoKey getPublicKey();

    @JSProperty
    CryptoKey getPrivateKey();
}
