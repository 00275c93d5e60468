package dev.pfs.browser.webcrypto;

import dev.pfs.browser.js.Bytes;
import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.IdentityKeyPair;
import java.util.Objects;

/**
 * Our identity key in the browser: a non-extractable RSA-PSS private CryptoKey, its public
 * CryptoKey and the public key's SubjectPublicKeyInfo. The CryptoKeys are what device storage
 * keeps in IndexedDB.
 */
public final class RsaPssIdentityKeyPair implements IdentityKeyPair {
    private final CryptoKey privateKey;
    private final CryptoKey publicKey;
    private final byte[] subjectPublicKeyInfo;

    private RsaPssIdentityKeyPair(CryptoKey privateKey, CryptoKey publicKey,
            byte[] subjectPublicKeyInfo) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.subjectPublicKeyInfo = subjectPublicKeyInfo;
    }

    /**
     * Wraps a stored or freshly generated key pair, reading the public key's encoding from the
     * browser. Refuses an extractable private key: it would not be the handle we promised.
     */
    public static RsaPssIdentityKeyPair of(CryptoKey privateKey, CryptoKey publicKey)
            throws CryptoException {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        if (privateKey.isExtractable()) {
            throw new CryptoException("identity private key is extractable; expected a"
                    + " non-extractable CryptoKey");
        }
        byte[] spki = Bytes.fromJs(Subtle.await(Subtle.api().exportKey("spki", publicKey),
                "identity public key export failed"));
        return new RsaPssIdentityKeyPair(privateKey, publicKey, spki);
    }

    public CryptoKey privateKey() {
        return privateKey;
    }

    public CryptoKey publicCryptoKey() {
        return publicKey;
    }

    @Override
    public byte[] publicKey() {
        return subjectPublicKeyInfo.clone();
    }

    @Override
    public byte[] sign(byte[] message) throws CryptoException {
        Objects.requireNonNull(message, "message");
        return Bytes.fromJs(Subtle.await(Subtle.api().sign(Algorithms.rsaPssSaltLength32(),
                privateKey, Bytes.toJs(message)), "rsa-pss signing failed"));
    }
}
