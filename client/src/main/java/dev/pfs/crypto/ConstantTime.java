package dev.pfs.crypto;

/** Comparison whose running time does not depend on where two byte strings differ. */
public final class ConstantTime {
    private ConstantTime() {
    }

    /** Returns whether a and b are equal; only their lengths leak through timing. */
    public static boolean equals(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return false;
        }
        int difference = 0;
        for (int i = 0; i < a.length; i++) {
            difference |= a[i] ^ b[i];
        }
        return difference == 0;
    }
}
