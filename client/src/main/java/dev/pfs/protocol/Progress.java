package dev.pfs.protocol;

import java.util.Objects;

/** One step of a pairing or re-key, as reported to {@link DeviceListener#onProgress}. */
public final class Progress {
    private final ExchangeKind kind;
    private final PairingStep step;
    private final String detail;
    private final String peerName;
    private final String peerFingerprint;
    private final String sas;

    public Progress(ExchangeKind kind, PairingStep step, String detail, String peerName,
            String peerFingerprint, String sas) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.step = Objects.requireNonNull(step, "step");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.peerName = peerName;
        this.peerFingerprint = peerFingerprint;
        this.sas = sas;
    }

    public ExchangeKind kind() {
        return kind;
    }

    public PairingStep step() {
        return step;
    }

    /** One line for a person saying what the step did; never key material. */
    public String detail() {
        return detail;
    }

    /** The name the peer claims, once its identity message arrived; null before. */
    public String peerName() {
        return peerName;
    }

    /** Their fingerprint once known; null before. */
    public String peerFingerprint() {
        return peerFingerprint;
    }

    /** The short authentication string, six digits, once the keys are derived; null before. */
    public String sas() {
        return sas;
    }

    @Override
    public String toString() {
        return kind + " " + step + ": " + detail;
    }
}
