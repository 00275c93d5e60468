package dev.pfs.protocol;

/**
 * Why a pairing or re-key ended without a session key, or why one application message was
 * rejected. The wire names appear in abort messages and in user interfaces' small print.
 */
public enum AbortReason {
    /** The identity message did not authenticate: another pairing secret, or tampering. */
    WRONG_SECRET("wrong-secret"),
    /** Their identity key is not an RSA key of at least 2048 bits, or is our own. */
    BAD_IDENTITY_KEY("bad-identity-key"),
    /** The signature over their ephemeral key and the transcript did not verify. */
    BAD_SIGNATURE("bad-signature"),
    /** Their ephemeral key is not a point on P-256. */
    BAD_EPHEMERAL_KEY("bad-ephemeral-key"),
    /** Their key confirmation, or the joiner's session key acknowledgement, did not verify. */
    BAD_CONFIRMATION("bad-confirmation"),
    /** The session key message did not authenticate under the pairing key. */
    BAD_SESSION_KEY("bad-session-key"),
    /** A message did not parse: missing field, wrong type or length, not JSON. */
    MALFORMED_MESSAGE("malformed-message"),
    /** A message came that the current step does not expect. */
    UNEXPECTED_MESSAGE("unexpected-message"),
    /** A message repeats a position already taken by a different message, or a counter seen. */
    REPLAY("replay"),
    /** An application message did not authenticate under the session key. */
    BAD_MESSAGE("bad-message"),
    /** An application message was under a session key that is not the current one. */
    STALE_KEY("stale-key"),
    /** The peer went silent for longer than the pairing timeout. */
    TIMEOUT("timeout"),
    /** The peer sent an abort message; the detail gives its reason. */
    PEER_ABORTED("peer-aborted"),
    /** We cancelled it. */
    CANCELLED("cancelled"),
    /** The result could not be stored; nothing changed. */
    STORAGE_FAILED("storage-failed"),
    /** Our own cryptographic backend failed (not the peer's input); nothing changed. */
    CRYPTO_FAILED("crypto-failed");

    private final String wireName;

    AbortReason(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used on the wire and in user interfaces. */
    public String wireName() {
        return wireName;
    }

    /** The reason with this wire name, or null when there is none. */
    public static AbortReason fromWireName(String name) {
        for (AbortReason reason : values()) {
            if (reason.wireName.equals(name)) {
                return reason;
            }
        }
        return null;
    }
}
