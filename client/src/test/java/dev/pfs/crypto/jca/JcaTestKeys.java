package dev.pfs.crypto.jca;

import dev.pfs.crypto.EphemeralKeyPair;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;

/** Fixed JCA keys for test vectors. */
public final class JcaTestKeys {
    private JcaTestKeys() {
    }

    /** An ephemeral key pair with the given private scalar and public point. */
    public static EphemeralKeyPair ephemeral(byte[] privateScalar, byte[] publicPoint)
            throws GeneralSecurityException, dev.pfs.crypto.CryptoException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
        KeyFactory factory = KeyFactory.getInstance("EC");
        ECPublicKey publicKey = (ECPublicKey) JcaEphemeralKeyPair.decodePoint(publicPoint, spec);
        ECPrivateKey privateKey = (ECPrivateKey) factory.generatePrivate(
                new ECPrivateKeySpec(new BigInteger(1, privateScalar), spec));
        return new JcaEphemeralKeyPair(new KeyPair(publicKey, privateKey));
    }

    /** A fresh P-256 key pair as {private scalar (32 bytes), uncompressed point (65)}. */
    public static byte[][] freshEphemeral() throws GeneralSecurityException {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        byte[] scalar = fixed(((ECPrivateKey) pair.getPrivate()).getS());
        ECPublicKey publicKey = (ECPublicKey) pair.getPublic();
        byte[] point = new byte[65];
        point[0] = 4;
        System.arraycopy(fixed(publicKey.getW().getAffineX()), 0, point, 1, 32);
        System.arraycopy(fixed(publicKey.getW().getAffineY()), 0, point, 33, 32);
        return new byte[][] {scalar, point};
    }

    private static byte[] fixed(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] result = new byte[32];
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, result, 32 - length, length);
        return result;
    }
}
