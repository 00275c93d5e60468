package dev.pfs.crypto;

/** Creation and verification of RSA-PSS identity keys; see {@link IdentityKeyPair}. */
public interface Signatures {
    int MIN_MODULUS_SIZE_IN_BITS = 2048;

    IdentityKeyPair generateIdentityKey() throws CryptoException;

    /**
     * Returns whether the signature is a valid RSA-PSS signature of the message under the public
     * key. Fails, rather than returning false, when the key is not an RSA SubjectPublicKeyInfo
     * or its modulus is shorter than {@link #MIN_MODULUS_SIZE_IN_BITS}.
     */
    boolean verify(byte[] publicKey, byte[] message, byte[] signature) throws CryptoException;
}
