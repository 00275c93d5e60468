package dev.pfs.crypto.jca;

import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.Mac;
import java.security.GeneralSecurityException;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 with the JDK's "HmacSHA256". */
final class JcaMac implements Mac {
    @Override
    public byte[] hmacSha256(byte[] key, byte[] data) throws CryptoException {
        if (key.length == 0) {
            // SecretKeySpec refuses empty keys; RFC 2104 allows them but the protocol never
            // uses one, so refusing keeps both backends alike.
            throw new CryptoException("HMAC key is empty");
        }
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("every JDK has HmacSHA256", e);
        }
    }
}
