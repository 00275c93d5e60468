package dev.pfs.browser.webcrypto;

import dev.pfs.browser.js.Bytes;
import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.EphemeralKeyPair;
import dev.pfs.crypto.KeyAgreement;
import java.util.Objects;

/** ECDH P-256 ephemeral keys through WebCrypto; private keys are non-extractable CryptoKeys. */
final class EcdhP256WebCrypto implements KeyAgreement {
    @Override
    public EphemeralKeyPair generateEphemeralKey() throws CryptoException {
        CryptoKeyPair pair = Subtle.await(Subtle.api().generateKey(Algorithms.ecdhP256(), false,
                Algorithms.deriveBitsOnly()), "ecdh key generation failed").cast();
        byte[] publicKey = Bytes.fromJs(Subtle.await(
                Subtle.api().exportKey("raw", pair.getPublicKey()),
                "ecdh public key export failed"));
        return new KeyPair(pair.getPrivateKey(), publicKey);
    }

    /**
     * One ephemeral key pair. Destroying it drops the only reference to the private CryptoKey;
     * being non-extractable, the key cannot have been copied anywhere else.
     */
    private static final class KeyPair implements EphemeralKeyPair {
        private CryptoKey privateKey;
        private final byte[] publicKey;

        KeyPair(CryptoKey privateKey, byte[] publicKey) {
            this.privateKey = privateKey;
            this.publicKey = publicKey;
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public byte[] agree(byte[] theirPublicKey) throws CryptoException {
            Objects.requireNonNull(theirPublicKey, "theirPublicKey");
            CryptoKey ours = privateKey;
            if (ours == null) {
                throw new IllegalStateException("ephemeral key already destroyed");
            }
            if (theirPublicKey.length != PUBLIC_KEY_SIZE_IN_BYTES || theirPublicKey[0] != 0x04) {
                throw new CryptoException("invalid ephemeral public key; expected an"
                        + " uncompressed P-256 point of " + PUBLIC_KEY_SIZE_IN_BYTES + " bytes");
            }
            // The browser checks that the point lies on the curve while importing it.
            CryptoKey theirs = Subtle.await(Subtle.api().importKey("raw",
                    Bytes.toJs(theirPublicKey), Algorithms.ecdhP256(), true,
                    Algorithms.noUsages()), "their ephemeral key is not a point on P-256").cast();
            return Bytes.fromJs(Subtle.await(Subtle.api().deriveBits(
                    Algorithms.ecdhWith(theirs), ours, SHARED_SECRET_SIZE_IN_BYTES * 8),
                    "ecdh failed"));
        }

        @Override
        public void destroy() {
            privateKey = null;
        }

        @Override
        public boolean isDestroyed() {
            return privateKey == null;
        }
    }
}
