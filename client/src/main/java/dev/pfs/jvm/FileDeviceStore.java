package dev.pfs.jvm;

import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.IdentityKeyPair;
import dev.pfs.crypto.jca.JcaSignatures;
import dev.pfs.protocol.DeviceStore;
import dev.pfs.protocol.PeerRecord;
import dev.pfs.protocol.StoreException;
import dev.pfs.protocol.wire.Base64Url;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The JVM device's store: one JSON file holding the identity key (PKCS#8) and the peers with
 * their session keys, readable by its owner only. Every change writes a new file beside the old
 * one, forces it to disk and renames it over the old one, so a crash or a failed write leaves
 * the previous contents whole. A file that does not parse is reported, never overwritten.
 */
public final class FileDeviceStore implements DeviceStore {
    private static final int FORMAT = 1;
    private static final JsonProvider JSON = JsonProvider.provider();

    private final Path file;
    private final JcaSignatures signatures;
    private IdentityKeyPair identity;
    private final Map<String, PeerRecord> peers = new LinkedHashMap<>();
    private boolean loaded;

    public FileDeviceStore(Path file, JcaSignatures signatures) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.signatures = Objects.requireNonNull(signatures, "signatures");
    }

    /** {@code ~/.pfs/device.json}. */
    public static Path defaultPath() {
        return Path.of(System.getProperty("user.home"), ".pfs", "device.json");
    }

    public Path file() {
        return file;
    }

    /**
     * Takes the store for this process until the lock is closed (or the process ends). Two
     * programs on one store file would be one device twice, each overwriting the other's
     * changes, so the second one fails here. The lock is an OS file lock on {@code FILE.lock}
     * beside the store.
     *
     * @throws StoreException when another process (or another lock in this one) holds it
     */
    public AutoCloseable lock() throws StoreException {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        FileChannel channel;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StoreException("could not lock " + file + ": " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(channel, e);
            throw new StoreException("could not lock " + file + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            closeQuietly(channel, null);
            throw new StoreException(file + " is in use by another device program; give each"
                    + " device its own --store");
        }
        return channel::close;
    }

    /** Closes after a failure that the caller reports; a second failure is added to it. */
    private static void closeQuietly(FileChannel channel, Exception reported) {
        try {
            channel.close();
        } catch (IOException e) {
            if (reported != null) {
                reported.addSuppressed(e);
            }
        }
    }

    @Override
    public synchronized IdentityKeyPair loadIdentity() throws StoreException {
        load();
        return identity;
    }

    @Override
    public synchronized void saveIdentity(IdentityKeyPair newIdentity) throws StoreException {
        load();
        write(newIdentity, peers);
        identity = newIdentity;
    }

    @Override
    public synchronized List<PeerRecord> loadPeers() throws StoreException {
        load();
        return new ArrayList<>(peers.values());
    }

    @Override
    public synchronized void savePeer(PeerRecord peer) throws StoreException {
        load();
        Map<String, PeerRecord> changed = new LinkedHashMap<>(peers);
        changed.put(peer.fingerprint(), peer);
        write(identity, changed);
        peers.put(peer.fingerprint(), peer);
    }

    @Override
    public synchronized void removePeer(String fingerprint) throws StoreException {
        load();
        Map<String, PeerRecord> changed = new LinkedHashMap<>(peers);
        if (changed.remove(fingerprint) != null) {
            write(identity, changed);
            peers.remove(fingerprint);
        }
    }

    @Override
    public synchronized void clear() throws StoreException {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new StoreException("could not delete " + file + ": " + e.getMessage(), e);
        }
        identity = null;
        peers.clear();
    }

    private void load() throws StoreException {
        if (loaded) {
            return;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            loaded = true;
            return;
        } catch (IOException e) {
            throw new StoreException("could not read " + file + ": " + e.getMessage(), e);
        }
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            JsonObject root = reader.readObject();
            if (root.getInt("format", -1) != FORMAT) {
                throw new StoreException(file + ": unknown format " + root.get("format")
                        + "; expected " + FORMAT);
            }
            if (root.containsKey("identity") && !root.isNull("identity")) {
                identity = signatures.importIdentityKey(
                        Base64Url.decode(root.getJsonObject("identity").getString("privateKey")));
            }
            for (JsonValue value : root.getJsonArray("peers")) {
                PeerRecord peer = peer(value.asJsonObject());
                peers.put(peer.fingerprint(), peer);
            }
        } catch (JsonException | ClassCastException | NullPointerException
                | IllegalArgumentException | CryptoException e) {
            throw new StoreException(file + " is damaged (" + e.getMessage()
                    + "); it was left as it is", e);
        }
        loaded = true;
    }

    private static PeerRecord peer(JsonObject json) {
        return new PeerRecord(json.getString("name"),
                Base64Url.decode(json.getString("identityKey")), json.getString("fingerprint"),
                json.getString("deviceChannel"), Base64Url.decode(json.getString("sessionKey")),
                json.getString("sessionKeyId"),
                json.getJsonNumber("sessionKeyExpiresAtMillis").longValueExact(),
                json.getJsonNumber("nextSendCounter").longValueExact(),
                json.getJsonNumber("lastReceivedCounter").longValueExact());
    }

    private void write(IdentityKeyPair newIdentity, Map<String, PeerRecord> newPeers)
            throws StoreException {
        JsonObjectBuilder root = JSON.createObjectBuilder().add("format", FORMAT);
        if (newIdentity != null) {
            root.add("identity", JSON.createObjectBuilder()
                    .add("publicKey", Base64Url.encode(newIdentity.publicKey()))
                    .add("privateKey",
                            Base64Url.encode(JcaSignatures.exportPrivateKey(newIdentity))));
        }
        JsonArrayBuilder peerArray = JSON.createArrayBuilder();
        for (PeerRecord peer : newPeers.values()) {
            peerArray.add(JSON.createObjectBuilder()
                    .add("name", peer.name())
                    .add("identityKey", Base64Url.encode(peer.identityKey()))
                    .add("fingerprint", peer.fingerprint())
                    .add("deviceChannel", peer.deviceChannel())
                    .add("sessionKey", Base64Url.encode(peer.sessionKey()))
                    .add("sessionKeyId", peer.sessionKeyId())
                    .add("sessionKeyExpiresAtMillis", peer.sessionKeyExpiresAtMillis())
                    .add("nextSendCounter", peer.nextSendCounter())
                    .add("lastReceivedCounter", peer.lastReceivedCounter()));
        }
        root.add("peers", peerArray);
        replace(root.build().toString().getBytes(StandardCharsets.UTF_8));
    }

    private void replace(byte[] contents) throws StoreException {
        Path temporary = null;
        try {
            Path directory = file.getParent();
            Files.createDirectories(directory);
            temporary = Files.createTempFile(directory, file.getFileName() + ".", ".tmp");
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temporary,
                        PosixFilePermissions.fromString("rw-------"));
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(contents);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new StoreException("the file system of " + file
                        + " cannot replace files atomically", e);
            }
            temporary = null;
        } catch (IOException e) {
            throw new StoreException("could not write " + file + ": " + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // The failed write is what the caller hears of; the stray file is harmless.
                }
            }
        }
    }
}
