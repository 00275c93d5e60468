package dev.pfs.browser.idb;

import dev.pfs.browser.js.Bytes;
import dev.pfs.browser.js.PromiseRejection;
import dev.pfs.browser.webcrypto.CryptoKey;
import dev.pfs.browser.webcrypto.RsaPssIdentityKeyPair;
import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.IdentityKeyPair;
import dev.pfs.protocol.DeviceStore;
import dev.pfs.protocol.PeerRecord;
import dev.pfs.protocol.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.typedarrays.ArrayBuffer;
import org.teavm.jso.typedarrays.Int8Array;

/**
 * The browser's {@link DeviceStore}: an IndexedDB database "pfs-device" with two object stores.
 * "identity" holds our identity key as its two CryptoKeys (the private one non-extractable, so
 * not even this page can read its bytes); "peers" holds one record per paired peer, keyed by
 * fingerprint, with the session key and counters. IndexedDB transactions make every write
 * atomic. Session keys are stored as bytes: they are as private as the browser profile, as the
 * JVM device's are as private as its store file.
 */
public final class IdbDeviceStore implements DeviceStore {
    static final String DATABASE = "pfs-device";
    private static final int VERSION = 1;
    private static final String IDENTITY = "identity";
    private static final String PEERS = "peers";
    private static final String IDENTITY_KEY = "identity";
    private static final int RECORD_VERSION = 1;

    private final IndexedDb db;

    private IdbDeviceStore(IndexedDb db) {
        this.db = db;
    }

    /** Opens the database, creating it on first use. */
    public static IdbDeviceStore open() throws StoreException {
        try {
            return new IdbDeviceStore(IndexedDb.open(DATABASE, VERSION, IDENTITY, PEERS));
        } catch (PromiseRejection e) {
            throw new StoreException("cannot open IndexedDB " + DATABASE + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public IdentityKeyPair loadIdentity() throws StoreException {
        JSObject record = read(() -> db.get(IDENTITY, IDENTITY_KEY), "read the identity key");
        if (record == null) {
            return null;
        }
        if (!hasIdentityShape(record)) {
            throw new StoreException("the stored identity key is damaged");
        }
        try {
            return RsaPssIdentityKeyPair.of(privateKeyOf(record), publicKeyOf(record));
        } catch (CryptoException e) {
            throw new StoreException("the stored identity key is unusable: " + e.getMessage(), e);
        }
    }

    @Override
    public void saveIdentity(IdentityKeyPair identity) throws StoreException {
        Objects.requireNonNull(identity, "identity");
        if (!(identity instanceof RsaPssIdentityKeyPair)) {
            throw new IllegalArgumentException("the browser stores WebCrypto identity keys only");
        }
        RsaPssIdentityKeyPair keys = (RsaPssIdentityKeyPair) identity;
        write(() -> db.put(IDENTITY, IDENTITY_KEY,
                identityRecord(RECORD_VERSION, keys.privateKey(), keys.publicCryptoKey())),
                "store the identity key");
    }

    @Override
    public List<PeerRecord> loadPeers() throws StoreException {
        JSArray<JSObject> records = read(() -> db.getAll(PEERS), "read the peers");
        List<PeerRecord> peers = new ArrayList<>();
        for (int i = 0; i < records.getLength(); i++) {
            peers.add(toPeer(records.get(i)));
        }
        return peers;
    }

    @Override
    public void savePeer(PeerRecord peer) throws StoreException {
        Objects.requireNonNull(peer, "peer");
        JSObject record = peerRecord(RECORD_VERSION, peer.name(), Bytes.toJs(peer.identityKey()),
                peer.fingerprint(), peer.deviceChannel(), Bytes.toJs(peer.sessionKey()),
                peer.sessionKeyId(), peer.sessionKeyExpiresAtMillis(), peer.nextSendCounter(),
                peer.lastReceivedCounter());
        write(() -> db.put(PEERS, peer.fingerprint(), record), "store the peer");
    }

    @Override
    public void removePeer(String fingerprint) throws StoreException {
        Objects.requireNonNull(fingerprint, "fingerprint");
        write(() -> db.remove(PEERS, fingerprint), "remove the peer");
    }

    @Override
    public void clear() throws StoreException {
        write(() -> db.clear(IDENTITY, PEERS), "wipe the device");
    }

    private static PeerRecord toPeer(JSObject record) throws StoreException {
        if (!hasPeerShape(record)) {
            throw new StoreException("a stored peer is damaged");
        }
        try {
            return new PeerRecord(stringOf(record, "name"),
                    Bytes.fromJs(bufferOf(record, "identityKey")),
                    stringOf(record, "fingerprint"), stringOf(record, "deviceChannel"),
                    Bytes.fromJs(bufferOf(record, "sessionKey")),
                    stringOf(record, "sessionKeyId"),
                    (long) numberOf(record, "sessionKeyExpiresAtMillis"),
                    (long) numberOf(record, "nextSendCounter"),
                    (long) numberOf(record, "lastReceivedCounter"));
        } catch (IllegalArgumentException e) {
            throw new StoreException("a stored peer is damaged: " + e.getMessage(), e);
        }
    }

    private interface Read<T> {
        T run() throws PromiseRejection;
    }

    private interface Write {
        void run() throws PromiseRejection;
    }

    private static <T> T read(Read<T> read, String what) throws StoreException {
        try {
            return read.run();
        } catch (PromiseRejection e) {
            throw new StoreException("could not " + what + ": " + e.getMessage(), e);
        }
    }

    private static void write(Write write, String what) throws StoreException {
        try {
            write.run();
        } catch (PromiseRejection e) {
            throw new StoreException("could not " + what + ": " + e.getMessage(), e);
        }
    }

    @JSBody(params = {"version", "privateKey", "publicKey"}, script = ""
            + "return { v: version, privateKey: privateKey, publicKey: publicKey };")
    private static native JSObject identityRecord(int version, CryptoKey privateKey,
            CryptoKey publicKey);

    @JSBody(params = "r", script = "return r.v === 1 && r.privateKey instanceof CryptoKey"
            + " && r.publicKey instanceof CryptoKey;")
    private static native boolean hasIdentityShape(JSObject record);

    @JSBody(params = "r", script = "return r.privateKey;")
    private static native CryptoKey privateKeyOf(JSObject record);

    @JSBody(params = "r", script = "return r.publicKey;")
    private static native CryptoKey publicKeyOf(JSObject record);

    /** Binary fields as ArrayBuffers of their own (the typed arrays are fresh copies). */
    @JSBody(params = {"version", "name", "identityKey", "fingerprint", "deviceChannel",
            "sessionKey", "sessionKeyId", "expiresAt", "nextSend", "lastReceived"}, script = ""
            + "return { v: version, name: name, identityKey: identityKey.buffer,"
            + " fingerprint: fingerprint, deviceChannel: deviceChannel,"
            + " sessionKey: sessionKey.buffer, sessionKeyId: sessionKeyId,"
            + " sessionKeyExpiresAtMillis: expiresAt, nextSendCounter: nextSend,"
            + " lastReceivedCounter: lastReceived };")
    private static native JSObject peerRecord(int version, String name, Int8Array identityKey,
            String fingerprint, String deviceChannel, Int8Array sessionKey, String sessionKeyId,
            double expiresAt, double nextSend, double lastReceived);

    @JSBody(params = "r", script = "return r !== null && typeof r === 'object' && r.v === 1"
            + " && typeof r.name === 'string' && r.identityKey instanceof ArrayBuffer"
            + " && typeof r.fingerprint === 'string' && typeof r.deviceChannel === 'string'"
            + " && r.sessionKey instanceof ArrayBuffer && typeof r.sessionKeyId === 'string'"
            + " && Number.isSafeInteger(r.sessionKeyExpiresAtMillis)"
            + " && Number.isSafeInteger(r.nextSendCounter)"
            + " && Number.isSafeInteger(r.lastReceivedCounter);")
    private static native boolean hasPeerShape(JSObject record);

    @JSBody(params = {"r", "name"}, script = "return r[name];")
    private static native String stringOf(JSObject record, String name);

    @JSBody(params = {"r", "name"}, script = "return r[name];")
    private static native double numberOf(JSObject record, String name);

    @JSBody(params = {"r", "name"}, script = "return r[name];")
    private static native ArrayBuffer bufferOf(JSObject record, String name);
}
