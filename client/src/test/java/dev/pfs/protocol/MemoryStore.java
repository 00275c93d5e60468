package dev.pfs.protocol;

import dev.pfs.crypto.IdentityKeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A device store in memory; {@link #failWrites} makes every write fail, changing nothing. */
final class MemoryStore implements DeviceStore {
    private IdentityKeyPair identity;
    private final Map<String, PeerRecord> peers = new LinkedHashMap<>();
    boolean failWrites;

    MemoryStore(IdentityKeyPair identity) {
        this.identity = identity;
    }

    @Override
    public IdentityKeyPair loadIdentity() {
        return identity;
    }

    @Override
    public void saveIdentity(IdentityKeyPair newIdentity) throws StoreException {
        checkWritable();
        identity = newIdentity;
    }

    @Override
    public List<PeerRecord> loadPeers() {
        return new ArrayList<>(peers.values());
    }

    @Override
    public void savePeer(PeerRecord peer) throws StoreException {
        checkWritable();
        peers.put(peer.fingerprint(), peer);
    }

    @Override
    public void removePeer(String fingerprint) throws StoreException {
        checkWritable();
        peers.remove(fingerprint);
    }

    @Override
    public void clear() throws StoreException {
        checkWritable();
        identity = null;
        peers.clear();
    }

    PeerRecord peer(String fingerprint) {
        return peers.get(fingerprint);
    }

    private void checkWritable() throws StoreException {
        if (failWrites) {
            throw new StoreException("disk full (test)");
        }
    }
}
