package dev.pfs.crypto;

/**
 * Cryptographically secure random bytes. Injected so that a test vector can fix every random
 * input of a run.
 */
public interface RandomSource {
    byte[] nextBytes(int length);
}
