package dev.pfs.crypto.jca;

import dev.pfs.crypto.EphemeralKeyPair;
import dev.pfs.crypto.KeyAgreement;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/** ECDH P-256 ephemeral keys from SunEC. */
final class JcaKeyAgreement implements KeyAgreement {
    private final SecureRandom random;

    JcaKeyAgreement(SecureRandom random) {
        this.random = random;
    }

    @Override
    public EphemeralKeyPair generateEphemeralKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return new JcaEphemeralKeyPair(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new AssertionError("every JDK has EC P-256", e);
        }
    }
}
