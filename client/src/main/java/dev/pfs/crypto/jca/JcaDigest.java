package dev.pfs.crypto.jca;

import dev.pfs.crypto.Digest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 with the JDK's MessageDigest. */
final class JcaDigest implements Digest {
    @Override
    public byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
