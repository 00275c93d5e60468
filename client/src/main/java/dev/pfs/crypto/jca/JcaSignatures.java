package dev.pfs.crypto.jca;

import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.IdentityKeyPair;
import dev.pfs.crypto.Signatures;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * RSASSA-PSS (RFC 8017 section 8.1) with SHA-256, MGF1-SHA-256 and a 32-byte salt, on RSA keys
 * of 2048 bits. The salt comes from the suite's random source.
 */
public final class JcaSignatures implements Signatures {
    static final PSSParameterSpec PSS = new PSSParameterSpec("SHA-256", "MGF1",
            MGF1ParameterSpec.SHA256, 32, PSSParameterSpec.TRAILER_FIELD_BC);
    private static final int MODULUS_SIZE_IN_BITS = 2048;

    private final SecureRandom random;

    JcaSignatures(SecureRandom random) {
        this.random = random;
    }

    @Override
    public IdentityKeyPair generateIdentityKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(MODULUS_SIZE_IN_BITS, random);
            return new JcaIdentityKeyPair(generator.generateKeyPair(), random);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("every JDK has RSA", e);
        }
    }

    @Override
    public boolean verify(byte[] publicKey, byte[] message, byte[] signature)
            throws CryptoException {
        RSAPublicKey key = parsePublicKey(publicKey);
        try {
            Signature verifier = Signature.getInstance("RSASSA-PSS");
            verifier.setParameter(PSS);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new AssertionError("RSASSA-PSS unavailable", e);
        }
    }

    /**
     * The private key of a JCA identity key as PKCS#8 DER, for the JVM's file store. Never
     * available in the browser, whose keys are non-extractable.
     */
    public static byte[] exportPrivateKey(IdentityKeyPair identity) {
        if (!(identity instanceof JcaIdentityKeyPair)) {
            throw new IllegalArgumentException("not a JCA identity key");
        }
        return ((JcaIdentityKeyPair) identity).privateKey().getEncoded();
    }

    /** Rebuilds an identity key from its PKCS#8 private key, checking its size. */
    public IdentityKeyPair importIdentityKey(byte[] pkcs8PrivateKey) throws CryptoException {
        try {
            PrivateKey privateKey = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8PrivateKey));
            if (!(privateKey instanceof RSAPrivateCrtKey)) {
                throw new CryptoException("not an RSA private key with CRT parameters");
            }
            RSAPrivateCrtKey crt = (RSAPrivateCrtKey) privateKey;
            checkSize(crt.getModulus().bitLength());
            PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            return new JcaIdentityKeyPair(new KeyPair(publicKey, privateKey), random);
        } catch (InvalidKeySpecException e) {
            throw new CryptoException("not a PKCS#8 RSA private key", e);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("every JDK has RSA", e);
        }
    }

    static RSAPublicKey parsePublicKey(byte[] subjectPublicKeyInfo) throws CryptoException {
        PublicKey key;
        try {
            key = KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfo));
        } catch (InvalidKeySpecException e) {
            throw new CryptoException("not an RSA SubjectPublicKeyInfo", e);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("every JDK has RSA", e);
        }
        RSAPublicKey rsa = (RSAPublicKey) key;
        checkSize(rsa.getModulus().bitLength());
        return rsa;
    }

    private static void checkSize(int bits) throws CryptoException {
        if (bits < MIN_MODULUS_SIZE_IN_BITS) {
            throw new CryptoException("RSA modulus of " + bits + " bits; at least "
                    + MIN_MODULUS_SIZE_IN_BITS);
        }
    }
}
