package dev.pfs.browser.webcrypto;

import dev.pfs.crypto.Aead;
import dev.pfs.crypto.CryptoSuite;
import dev.pfs.crypto.Digest;
import dev.pfs.crypto.Hkdf;
import dev.pfs.crypto.KeyAgreement;
import dev.pfs.crypto.Mac;
import dev.pfs.crypto.RandomSource;
import dev.pfs.crypto.Signatures;

/**
 * The browser's backend of {@link CryptoSuite}: every primitive through {@code crypto.subtle}.
 * Each call suspends the calling TeaVM thread until the browser's promise settles, so it must run
 * on a TeaVM thread, never straight from a JavaScript event handler.
 */
public final class WebCryptoSuite implements CryptoSuite {
    private final Aead aead = new AesGcmWebCrypto();
    private final Digest digest = new Sha256WebCrypto();
    private final Mac mac = new HmacSha256WebCrypto();
    private final Hkdf hkdf = new HkdfSha256WebCrypto();
    private final Signatures signatures = new RsaPssWebCrypto();
    private final KeyAgreement keyAgreement = new EcdhP256WebCrypto();
    private final RandomSource random = new RandomWebCrypto();

    private WebCryptoSuite() {
    }

    /** Fails when the page has no {@code crypto.subtle} (not a secure context). */
    public static WebCryptoSuite create() {
        Subtle.api();
        return new WebCryptoSuite();
    }

    @Override
    public Aead aead() {
        return aead;
    }

    @Override
    public Digest digest() {
        return digest;
    }

    @Override
    public Mac mac() {
        return mac;
    }

    @Override
    public Hkdf hkdf() {
        return hkdf;
    }

    @Override
    public Signatures signatures() {
        return signatures;
    }

    @Override
    public KeyAgreement keyAgreement() {
        return keyAgreement;
    }

    @Override
    public RandomSource random() {
        return random;
    }
}
