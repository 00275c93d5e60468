package dev.pfs.crypto;

/** Creation of ECDH P-256 ephemeral key pairs; see {@link EphemeralKeyPair}. */
public interface KeyAgreement {
    EphemeralKeyPair generateEphemeralKey() throws CryptoException;
}
