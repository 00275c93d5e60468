package dev.pfs.protocol;

/**
 * What a {@link Device} reports to its user interface. Calls come from inside the device's entry
 * points, after the device has finished its own work for the event, so a listener may call the
 * device again. A listener must not throw.
 */
public interface DeviceListener {
    /** The relay connection came up (every channel subscribed) or went down. */
    void onConnectionChanged(boolean connected, String detail);

    /** A pairing or re-key passed a step. */
    void onProgress(Progress progress);

    /** A pairing finished: both devices hold the same session key, the peer is stored. */
    void onPaired(PeerInfo peer, String sas);

    /** A re-key finished: the old session key is gone, a new one is in use. */
    void onRekeyed(PeerInfo peer, String sas);

    /**
     * A pairing or re-key ended without a session key. The stored identity and every stored
     * peer are as they were.
     *
     * @param peerFingerprint their fingerprint when known, else null
     */
    void onAborted(ExchangeKind kind, String peerFingerprint, AbortReason reason, String detail);

    /** An application message from a paired peer decrypted and was not a replay. */
    void onMessage(PeerInfo peer, String text, long counter);

    /**
     * An application message was dropped: not from a paired peer, a replay, under another
     * session key, or not authentic.
     *
     * @param from the sender's device channel as the message claimed it
     */
    void onMessageRejected(String from, AbortReason reason, String detail);
}
