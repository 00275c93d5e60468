package dev.pfs.crypto.jca;

import dev.pfs.crypto.IdentityKeyPair;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;

/** An RSA identity key held by the JDK. */
final class JcaIdentityKeyPair implements IdentityKeyPair {
    private final KeyPair keyPair;
    private final SecureRandom random;

    JcaIdentityKeyPair(KeyPair keyPair, SecureRandom random) {
        this.keyPair = keyPair;
        this.random = random;
    }

    @Override
    public byte[] publicKey() {
        return keyPair.getPublic().getEncoded();
    }

    @Override
    public byte[] sign(byte[] message) {
        try {
            Signature signer = Signature.getInstance("RSASSA-PSS");
            signer.setParameter(JcaSignatures.PSS);
            // The random source supplies the PSS salt.
            signer.initSign(keyPair.getPrivate(), random);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new AssertionError("RSASSA-PSS signing failed on our own key", e);
        }
    }

    PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    @Override
    public String toString() {
        return "JcaIdentityKeyPair[RSA-PSS]";
    }
}
