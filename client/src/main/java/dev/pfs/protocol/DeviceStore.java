package dev.pfs.protocol;

import dev.pfs.crypto.IdentityKeyPair;
import java.util.List;

/**
 * What a device keeps across restarts: its identity key and the peers it has paired with. The
 * store holds identity keys as the backend's handles ({@link IdentityKeyPair}), so a browser can
 * keep non-extractable keys; only the JVM's file store ever sees private key bytes.
 *
 * <p>Every write is atomic: after a failure the store reads exactly as before the call. The core
 * calls the store from one thread, one call at a time.
 */
public interface DeviceStore {
    /** Our identity key, or null when this device has none yet. */
    IdentityKeyPair loadIdentity() throws StoreException;

    /** Stores our identity key, replacing any earlier one. */
    void saveIdentity(IdentityKeyPair identity) throws StoreException;

    /** Every paired peer, in no particular order. */
    List<PeerRecord> loadPeers() throws StoreException;

    /** Adds the peer, or replaces the stored peer with the same fingerprint. */
    void savePeer(PeerRecord peer) throws StoreException;

    /** Removes the peer with this fingerprint; does nothing when there is none. */
    void removePeer(String fingerprint) throws StoreException;

    /** Forgets the identity key and every peer ("forget this device"). */
    void clear() throws StoreException;
}
