package dev.pfs.crypto.jca;

import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.EphemeralKeyPair;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.util.Arrays;

/** An ECDH P-256 key pair; {@link #destroy} drops the private key. */
final class JcaEphemeralKeyPair implements EphemeralKeyPair {
    private static final int COORDINATE_SIZE_IN_BYTES = 32;

    private final ECPublicKey publicKey;
    private PrivateKey privateKey;

    JcaEphemeralKeyPair(KeyPair keyPair) {
        this.publicKey = (ECPublicKey) keyPair.getPublic();
        this.privateKey = keyPair.getPrivate();
    }

    @Override
    public byte[] publicKey() {
        ECPoint point = publicKey.getW();
        byte[] encoded = new byte[PUBLIC_KEY_SIZE_IN_BYTES];
        encoded[0] = 0x04;
        copyCoordinate(point.getAffineX(), encoded, 1);
        copyCoordinate(point.getAffineY(), encoded, 1 + COORDINATE_SIZE_IN_BYTES);
        return encoded;
    }

    @Override
    public byte[] agree(byte[] theirPublicKey) throws CryptoException {
        if (privateKey == null) {
            throw new IllegalStateException("ephemeral key destroyed");
        }
        PublicKey theirs = decodePoint(theirPublicKey, publicKey.getParams());
        try {
            javax.crypto.KeyAgreement agreement = javax.crypto.KeyAgreement.getInstance("ECDH");
            agreement.init(privateKey);
            agreement.doPhase(theirs, true);
            return agreement.generateSecret();
        } catch (java.security.InvalidKeyException e) {
            throw new CryptoException("ephemeral key rejected", e);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("every JDK has ECDH", e);
        }
    }

    /**
     * Forgets the private key. The JDK's EC private keys cannot be wiped in place (their destroy
     * is not implemented), so forgetting the only reference is what can be done.
     */
    @Override
    public void destroy() {
        privateKey = null;
    }

    @Override
    public boolean isDestroyed() {
        return privateKey == null;
    }

    /** Parses an uncompressed point and checks that it lies on the curve (SP 800-56A 5.6.2.3). */
    static PublicKey decodePoint(byte[] encoded, ECParameterSpec params) throws CryptoException {
        if (encoded.length != PUBLIC_KEY_SIZE_IN_BYTES || encoded[0] != 0x04) {
            throw new CryptoException("ephemeral key: expected an uncompressed P-256 point of "
                    + PUBLIC_KEY_SIZE_IN_BYTES + " bytes");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(encoded, 1, 33));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(encoded, 33, 65));
        EllipticCurve curve = params.getCurve();
        BigInteger p = ((java.security.spec.ECFieldFp) curve.getField()).getP();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            throw new CryptoException("ephemeral key: coordinate out of range");
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        if (!left.equals(right)) {
            throw new CryptoException("ephemeral key: point not on P-256");
        }
        try {
            return KeyFactory.getInstance("EC")
                    .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("ephemeral key rejected", e);
        }
    }

    private static void copyCoordinate(BigInteger value, byte[] target, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, COORDINATE_SIZE_IN_BYTES);
        System.arraycopy(bytes, bytes.length - length, target,
                offset + COORDINATE_SIZE_IN_BYTES - length, length);
    }

    @Override
    public String toString() {
        return "JcaEphemeralKeyPair[P-256" + (isDestroyed() ? ", destroyed" : "") + "]";
    }
}
