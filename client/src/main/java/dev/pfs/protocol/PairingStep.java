package dev.pfs.protocol;

/**
 * The steps of a pairing (and, from {@link #EPHEMERAL_SENT} on, of a re-key) in the order a
 * device passes them; a user interface lists them and marks each as it is reported. Steps of the
 * two devices interleave, so a device may report a step before its peer reports the matching one.
 */
public enum PairingStep {
    /** Inviter: a fresh channel ID and pairing secret were drawn. */
    INVITATION_CREATED,
    /** We subscribed to the pairing channel (or our peer's device channel) and announced us. */
    ANNOUNCED,
    /** The peer's announcement arrived; both nonces are known. */
    PEER_FOUND,
    /** Our identity key and name went out, encrypted under the pairing secret. */
    IDENTITY_SENT,
    /** Their identity message authenticated; the detail names their fingerprint. */
    IDENTITY_RECEIVED,
    /** Our signed ephemeral key went out to their device channel. */
    EPHEMERAL_SENT,
    /** Their ephemeral key's signature verified and the point is on the curve. */
    EPHEMERAL_VERIFIED,
    /** The key schedule ran, the ephemeral private key is destroyed, the SAS is known. */
    KEYS_DERIVED,
    /** Our key confirmation went out. */
    CONFIRMATION_SENT,
    /** Their key confirmation verified. */
    CONFIRMED,
    /** Inviter: the session key went out; joiner: it arrived and authenticated. */
    SESSION_KEY,
    /** Both hold the session key; the peer is stored. */
    PAIRED
}
