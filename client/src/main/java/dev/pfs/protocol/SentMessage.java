package dev.pfs.protocol;

/** What {@link Device#send} put on the wire, for a user interface to show. */
public final class SentMessage {
    private final String peerFingerprint;
    private final long counter;
    private final int ciphertextSize;

    public SentMessage(String peerFingerprint, long counter, int ciphertextSize) {
        this.peerFingerprint = peerFingerprint;
        this.counter = counter;
        this.ciphertextSize = ciphertextSize;
    }

    public String peerFingerprint() {
        return peerFingerprint;
    }

    /** Our per-sender counter, bound into the associated data. */
    public long counter() {
        return counter;
    }

    /** Bytes of ciphertext including the 16-byte tag. */
    public int ciphertextSize() {
        return ciphertextSize;
    }
}
