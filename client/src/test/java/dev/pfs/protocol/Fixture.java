package dev.pfs.protocol;

import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.IdentityKeyPair;
import dev.pfs.crypto.jca.JcaCryptoSuite;
import dev.pfs.jvm.JsonpCodec;
import dev.pfs.protocol.wire.MalformedMessageException;
import dev.pfs.protocol.wire.WireObject;
import java.util.ArrayList;
import java.util.List;

/** Devices on one in-memory relay with one manual clock. */
final class Fixture {
    static final JcaCryptoSuite CRYPTO = JcaCryptoSuite.create();
    static final JsonpCodec JSON = new JsonpCodec();
    /** RSA key generation is slow; tests share a few identity keys. */
    private static final List<IdentityKeyPair> IDENTITIES = new ArrayList<>();

    final InMemoryRelay relay = new InMemoryRelay();
    final ManualClock clock = new ManualClock();
    final DeviceConfig config;

    Fixture() {
        this(DeviceConfig.builder().build());
    }

    Fixture(DeviceConfig config) {
        this.config = config;
    }

    static synchronized IdentityKeyPair identity(int index) {
        while (IDENTITIES.size() <= index) {
            IDENTITIES.add(CRYPTO.signatures().generateIdentityKey());
        }
        return IDENTITIES.get(index);
    }

    /** A started, connecting device with the given shared identity key. */
    TestDevice device(String name, int identityIndex) {
        return device(name, new MemoryStore(identity(identityIndex)));
    }

    TestDevice device(String name, MemoryStore store) {
        return device(name, store, CRYPTO);
    }

    TestDevice device(String name, MemoryStore store, dev.pfs.crypto.CryptoSuite crypto) {
        RecordingListener events = new RecordingListener();
        InMemoryRelay.Connection connection = relay.connect();
        DeviceConfig named = DeviceConfig.builder()
                .deviceName(name)
                .pairingTimeoutMillis(config.pairingTimeoutMillis())
                .invitationTimeoutMillis(config.invitationTimeoutMillis())
                .sessionKeyLifetimeMillis(config.sessionKeyLifetimeMillis())
                .build();
        Device device = new Device(named, crypto, JSON, store, connection, clock, events);
        try {
            device.start();
        } catch (StoreException | CryptoException e) {
            throw new AssertionError(e);
        }
        connection.connect(device);
        relay.run();
        return new TestDevice(device, store, events, connection, relay);
    }

    /** Runs the relay, then moves the clock and ticks every device, n times. */
    void advance(long millis, TestDevice... devices) {
        relay.run();
        clock.advance(millis);
        for (TestDevice device : devices) {
            device.device.tick();
        }
        relay.run();
    }

    static WireObject parse(String data) {
        try {
            return JSON.read(data);
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }

    /** The message with one field replaced. */
    static String with(String data, String name, Object value) {
        WireObject wire = parse(data);
        WireObject.Builder builder = WireObject.builder();
        for (String field : wire.names()) {
            Object v = field.equals(name) ? value : wire.get(field);
            if (v instanceof String) {
                builder.add(field, (String) v);
            } else if (v instanceof byte[]) {
                builder.add(field, (byte[]) v);
            } else {
                builder.add(field, ((Number) v).longValue());
            }
        }
        return JSON.write(builder.build());
    }

    static String type(String data) {
        return (String) parse(data).get("t");
    }

    /** A device with what a test looks at. */
    static final class TestDevice {
        final Device device;
        final MemoryStore store;
        final RecordingListener events;
        final InMemoryRelay.Connection connection;
        final InMemoryRelay relay;

        TestDevice(Device device, MemoryStore store, RecordingListener events,
                InMemoryRelay.Connection connection, InMemoryRelay relay) {
            this.relay = relay;
            this.device = device;
            this.store = store;
            this.events = events;
            this.connection = connection;
        }

        PeerRecord storedPeer(TestDevice other) {
            return store.peer(other.device.fingerprint());
        }
    }
}
