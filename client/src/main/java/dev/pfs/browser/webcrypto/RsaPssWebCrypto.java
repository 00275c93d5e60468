package dev.pfs.browser.webcrypto;

import dev.pfs.browser.js.Bytes;
import dev.pfs.browser.js.Js;
import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.IdentityKeyPair;
import dev.pfs.crypto.Signatures;
import java.util.Objects;

/** RSA-PSS identity keys through WebCrypto; private keys are non-extractable CryptoKeys. */
final class RsaPssWebCrypto implements Signatures {
    @Override
    public IdentityKeyPair generateIdentityKey() throws CryptoException {
        CryptoKeyPair pair = Subtle.await(Subtle.api().generateKey(Algorithms.rsaPssKeyGen(),
                false, Algorithms.signAndVerify()), "rsa-pss key generation failed").cast();
        return RsaPssIdentityKeyPair.of(pair.getPrivateKey(), pair.getPublicKey());
    }

    @Override
    public boolean verify(byte[] publicKey, byte[] message, byte[] signature)
            throws CryptoException {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        CryptoKey key = importPublicKey(publicKey);
        return Js.isTrue(Subtle.await(Subtle.api().verify(Algorithms.rsaPssSaltLength32(), key,
                Bytes.toJs(signature), Bytes.toJs(message)), "rsa-pss verification failed"));
    }

    /** Imports an RSA SubjectPublicKeyInfo, refusing moduli below the minimum. */
    static CryptoKey importPublicKey(byte[] publicKey) throws CryptoException {
        Objects.requireNonNull(publicKey, "publicKey");
        CryptoKey key = Subtle.await(Subtle.api().importKey("spki", Bytes.toJs(publicKey),
                Algorithms.rsaPssImport(), true, Algorithms.verifyOnly()),
                "identity key is not an RSA SubjectPublicKeyInfo").cast();
        int bits = key.getAlgorithm().getModulusLength();
        if (bits < MIN_MODULUS_SIZE_IN_BITS) {
            throw new CryptoException("identity key modulus has " + bits + " bits; at least "
                    + MIN_MODULUS_SIZE_IN_BITS);
        }
        return key;
    }
}
