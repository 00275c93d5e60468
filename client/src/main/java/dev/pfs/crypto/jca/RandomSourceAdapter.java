package dev.pfs.crypto.jca;

import dev.pfs.crypto.RandomSource;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/** A {@link SecureRandom} whose bytes all come from a {@link RandomSource}. */
final class RandomSourceAdapter extends SecureRandomSpi {
    private static final long serialVersionUID = 1L;
    private final transient RandomSource source;

    private RandomSourceAdapter(RandomSource source) {
        this.source = source;
    }

    static SecureRandom of(RandomSource source) {
        return new SecureRandom(new RandomSourceAdapter(source), null) {
            private static final long serialVersionUID = 1L;
        };
    }

    @Override
    protected void engineSetSeed(byte[] seed) {
        // The source decides every byte; a seed would only make that less clear.
    }

    @Override
    protected void engineNextBytes(byte[] bytes) {
        byte[] next = source.nextBytes(bytes.length);
        System.arraycopy(next, 0, bytes, 0, bytes.length);
    }

    @Override
    protected byte[] engineGenerateSeed(int length) {
        return source.nextBytes(length);
    }
}
