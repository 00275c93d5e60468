package dev.pfs.crypto.jca;

import dev.pfs.crypto.Aead;
import dev.pfs.crypto.CryptoException;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-128-GCM with the JDK's "AES/GCM/NoPadding". */
final class JcaAead implements Aead {
    private static final int TAG_SIZE_IN_BITS = TAG_SIZE_IN_BYTES * 8;

    @Override
    public byte[] seal(byte[] key, byte[] iv, byte[] plaintext, byte[] associatedData)
            throws CryptoException {
        return run(Cipher.ENCRYPT_MODE, key, iv, plaintext, associatedData);
    }

    @Override
    public byte[] open(byte[] key, byte[] iv, byte[] ciphertextAndTag, byte[] associatedData)
            throws CryptoException {
        if (ciphertextAndTag.length < TAG_SIZE_IN_BYTES) {
            throw new CryptoException("decryption failed");
        }
        return run(Cipher.DECRYPT_MODE, key, iv, ciphertextAndTag, associatedData);
    }

    private static byte[] run(int mode, byte[] key, byte[] iv, byte[] input, byte[] aad)
            throws CryptoException {
        if (key.length != KEY_SIZE_IN_BYTES) {
            throw new CryptoException("AES-128-GCM key of " + key.length + " bytes; expected "
                    + KEY_SIZE_IN_BYTES);
        }
        if (iv.length != IV_SIZE_IN_BYTES) {
            throw new CryptoException("AES-GCM IV of " + iv.length + " bytes; expected "
                    + IV_SIZE_IN_BYTES);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_SIZE_IN_BITS, iv));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new CryptoException("decryption failed");
        } catch (GeneralSecurityException e) {
            throw new AssertionError("AES-GCM unavailable or misconfigured", e);
        }
    }
}
