package dev.pfs.crypto.jca;

import dev.pfs.crypto.Aead;
import dev.pfs.crypto.CryptoSuite;
import dev.pfs.crypto.Digest;
import dev.pfs.crypto.Hkdf;
import dev.pfs.crypto.KeyAgreement;
import dev.pfs.crypto.Mac;
import dev.pfs.crypto.RandomSource;
import dev.pfs.crypto.Signatures;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The JVM backend: every primitive from the JDK's own providers (SunJCE, SunRsaSign, SunEC).
 * Every random input, including RSA-PSS salts and key generation, comes from the one
 * {@link RandomSource}, so a fixed source makes a whole run reproducible.
 */
public final class JcaCryptoSuite implements CryptoSuite {
    private final RandomSource random;
    private final JcaAead aead = new JcaAead();
    private final JcaDigest digest = new JcaDigest();
    private final JcaMac mac = new JcaMac();
    private final JcaHkdf hkdf = new JcaHkdf(mac);
    private final JcaSignatures signatures;
    private final JcaKeyAgreement keyAgreement;

    private JcaCryptoSuite(RandomSource random, SecureRandom secureRandom) {
        this.random = random;
        this.signatures = new JcaSignatures(secureRandom);
        this.keyAgreement = new JcaKeyAgreement(secureRandom);
    }

    /** The backend with the platform's strong {@link SecureRandom}. */
    public static JcaCryptoSuite create() {
        SecureRandom secureRandom = new SecureRandom();
        RandomSource random = length -> {
            byte[] bytes = new byte[length];
            secureRandom.nextBytes(bytes);
            return bytes;
        };
        return new JcaCryptoSuite(random, secureRandom);
    }

    /** The backend drawing all randomness from the given source (tests, test vectors). */
    public static JcaCryptoSuite withRandom(RandomSource random) {
        Objects.requireNonNull(random, "random");
        return new JcaCryptoSuite(random, RandomSourceAdapter.of(random));
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
    public JcaSignatures signatures() {
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
