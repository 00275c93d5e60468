package dev.pfs.crypto;

/**
 * One backend's set of primitives: everything protocol version 1 uses. Implementations are
 * stateless apart from the random source.
 */
public interface CryptoSuite {
    Aead aead();

    Digest digest();

    Mac mac();

    Hkdf hkdf();

    Signatures signatures();

    KeyAgreement keyAgreement();

    RandomSource random();
}
