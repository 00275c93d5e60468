package dev.pfs.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pfs.crypto.IdentityKeyPair;
import dev.pfs.crypto.jca.JcaCryptoSuite;
import dev.pfs.protocol.PeerRecord;
import dev.pfs.protocol.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDeviceStoreTest {
    private static final JcaCryptoSuite CRYPTO = JcaCryptoSuite.create();

    @TempDir
    Path directory;

    private static PeerRecord peer(String fingerprint, long counter) {
        return new PeerRecord("bob", new byte[] {1, 2, 3}, fingerprint, "pfs-dev-x",
                new byte[16], "0011223344556677", 1234L, counter, 7);
    }

    @Test
    void identityAndPeers_surviveARestart() throws Exception {
        Path file = directory.resolve("sub/device.json");
        FileDeviceStore store = new FileDeviceStore(file, CRYPTO.signatures());
        assertNull(store.loadIdentity());
        IdentityKeyPair identity = CRYPTO.signatures().generateIdentityKey();
        store.saveIdentity(identity);
        store.savePeer(peer("aa", 5));
        store.savePeer(peer("bb", 1));
        store.savePeer(peer("aa", 6));
        store.removePeer("bb");

        FileDeviceStore reopened = new FileDeviceStore(file, CRYPTO.signatures());
        IdentityKeyPair loaded = reopened.loadIdentity();
        assertArrayEquals(identity.publicKey(), loaded.publicKey());
        byte[] message = "signed".getBytes(StandardCharsets.UTF_8);
        assertTrue(CRYPTO.signatures().verify(identity.publicKey(), message,
                loaded.sign(message)));
        assertEquals(List.of(peer("aa", 6)), reopened.loadPeers());
        assertEquals("rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void lock_isExclusive_untilClosed() throws Exception {
        Path file = directory.resolve("device.json");
        FileDeviceStore first = new FileDeviceStore(file, CRYPTO.signatures());
        FileDeviceStore second = new FileDeviceStore(file, CRYPTO.signatures());
        AutoCloseable held = first.lock();

        StoreException e = assertThrows(StoreException.class, second::lock);
        assertTrue(e.getMessage().contains("in use by another device program"), e.getMessage());

        held.close();
        second.lock().close();
    }

    @Test
    void damagedFile_isReportedAndLeftAsItIs() throws Exception {
        Path file = directory.resolve("device.json");
        Files.writeString(file, "{\"format\":1,\"peers\":[{\"name\":");
        FileDeviceStore store = new FileDeviceStore(file, CRYPTO.signatures());

        StoreException e = assertThrows(StoreException.class, store::loadIdentity);
        assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
        assertThrows(StoreException.class, () -> store.savePeer(peer("aa", 1)));
        assertEquals("{\"format\":1,\"peers\":[{\"name\":", Files.readString(file));
    }

    @Test
    void failedWrite_changesNothingAndLeavesNoTemporaryFile() throws Exception {
        Path file = directory.resolve("device.json");
        FileDeviceStore store = new FileDeviceStore(file, CRYPTO.signatures());
        store.savePeer(peer("aa", 1));
        // A non-empty directory where the store file was: the rename over it fails.
        Files.delete(file);
        Files.createDirectories(file.resolve("inside"));

        StoreException e = assertThrows(StoreException.class,
                () -> store.savePeer(peer("aa", 2)));
        assertTrue(e.getMessage().startsWith("could not write"), e.getMessage());
        assertEquals(List.of(peer("aa", 1)), store.loadPeers());
        try (var files = Files.list(directory)) {
            assertEquals(1, files.count(), "the temporary file was removed");
        }
    }
}
