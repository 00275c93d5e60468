package dev.pfs.browser.webcrypto;

import dev.pfs.browser.js.Bytes;
import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.Digest;
import java.util.Objects;

/** SHA-256 through WebCrypto. */
final class Sha256WebCrypto implements Digest {
    @Override
    public byte[] sha256(byte[] data) throws CryptoException {
        Objects.requireNonNull(data, "data");
        return Bytes.fromJs(Subtle.await(
                Subtle.api().digest("SHA-256", Bytes.toJs(data)), "sha-256 failed"));
    }
}
