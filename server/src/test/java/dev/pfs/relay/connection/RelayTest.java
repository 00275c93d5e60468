package dev.pfs.relay.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pfs.relay.config.RelaySettings;
import dev.pfs.relay.wire.RelayError;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The relay's protocol logic with in-memory peers and a hand-driven clock. */
class RelayTest {
    private long now = 1_000_000_000L;
    private final CountingStats stats = new CountingStats();
    private Relay relay = relayWith(Map.of());

    private Relay relayWith(Map<String, String> settings) {
        return new Relay(RelaySettings.from(key -> Optional.ofNullable(settings.get(key))),
                stats, Runnable::run, Runnable::run, () -> now);
    }

    private record Client(Connection connection, FakePeer peer) {
    }

    private Client open() {
        FakePeer peer = new FakePeer();
        return new Client(relay.open("c" + relay.openConnections(), peer), peer);
    }

    private Client handshaken() {
        Client client = open();
        relay.receiveText(client.connection(), "{\"event\":\"#handshake\",\"cid\":1}");
        return client;
    }

    private void send(Client client, String text) {
        relay.receiveText(client.connection(), text);
    }

    private static String last(Client client) {
        List<String> sent = client.peer().sent();
        return sent.get(sent.size() - 1);
    }

    @Test
    void rejections_areAllCounted_butLoggedAtWarningTenAtOnceThenOneASecond() {
        List<Level> levels = new ArrayList<>();
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage() != null && record.getMessage().contains(" rejected: ")) {
                    levels.add(record.getLevel());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(Relay.class.getName());
        Level before = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(recorder);
        try {
            Client flooder = handshaken();
            for (int i = 0; i < 50; i++) {
                send(flooder, "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"\"},\"cid\":"
                        + (10 + i) + "}");
            }
            now += TimeUnit.SECONDS.toNanos(1);
            send(flooder, "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"\"},\"cid\":99}");
        } finally {
            logger.removeHandler(recorder);
            logger.setLevel(before);
        }

        assertEquals(51, stats.rejected.get(RelayError.EMPTY_CHANNEL_NAME).intValue());
        assertEquals(51, levels.size());
        assertEquals(11, levels.stream().filter(Level.WARNING::equals).count(),
                "ten at once, then one after a second");
        assertEquals(Level.WARNING, levels.get(50));
    }

    @Test
    void handshake_answersIdAndPingTimeout() {
        Client client = handshaken();
        assertEquals("{\"rid\":1,\"data\":{\"id\":\"c0\",\"pingTimeout\":20000,"
                + "\"isAuthenticated\":false}}", last(client));
    }

    @Test
    void publish_isWrittenOnceAndTheSameTextQueuedToEverySubscriber() {
        List<Client> subscribers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Client subscriber = handshaken();
            send(subscriber, "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"ch\"},\"cid\":2}");
            subscribers.add(subscriber);
        }
        Client publisher = handshaken();
        send(publisher, "{\"event\":\"#publish\",\"data\":{\"channel\":\"ch\",\"data\":{\"k\":1}},"
                + "\"cid\":9}");
        String first = last(subscribers.get(0));
        assertEquals("{\"event\":\"#publish\",\"data\":{\"channel\":\"ch\",\"data\":{\"k\":1}}}",
                first);
        for (Client subscriber : subscribers) {
            assertSame(first, last(subscriber));
        }
        assertEquals("{\"rid\":9}", last(publisher));
        assertEquals(1, stats.publishes);
        assertEquals(3, stats.delivered);
    }

    @Test
    void publish_withoutSubscribers_isAcknowledgedAndKeptNowhere() {
        Client publisher = handshaken();
        send(publisher, "{\"event\":\"#publish\",\"data\":{\"channel\":\"empty\",\"data\":1},"
                + "\"cid\":2}");
        assertEquals("{\"rid\":2}", last(publisher));
        assertEquals(0, relay.channelCount());

        Client late = handshaken();
        send(late, "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"empty\"},\"cid\":3}");
        assertEquals("{\"rid\":3}", last(late));
        assertEquals(1, stats.publishes);
        assertEquals(0, stats.delivered);
    }

    @Test
    void unsubscribe_fromAChannelNeverSubscribed_isAcknowledged() {
        Client client = handshaken();
        send(client, "{\"event\":\"#unsubscribe\",\"data\":\"never\",\"cid\":2}");
        assertEquals("{\"rid\":2}", last(client));
        assertEquals(0, relay.channelCount());
    }

    @Test
    void eventsBeforeTheHandshake_areRefused() {
        Client client = open();
        send(client, "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"a\"},\"cid\":4}");
        assertEquals("{\"rid\":4,\"error\":{\"name\":\"HandshakeRequiredError\",\"message\":"
                + "\"expected #handshake first; got another event\"}}", last(client));
        send(client, "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"a\"}}");
        assertEquals(4009, client.peer().closeCode);
    }

    @Test
    void rejectionWithCid_answersAndKeepsTheConnection_withoutCid_closesIt() {
        Client client = handshaken();
        send(client, "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"\"},\"cid\":5}");
        assertEquals("{\"rid\":5,\"error\":{\"name\":\"EmptyChannelNameError\",\"message\":"
                + "\"expected a channel name; got the empty string\"}}", last(client));
        assertEquals(0, client.peer().closeCode);

        send(client, "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"\"}}");
        assertEquals(4106, client.peer().closeCode);
        assertEquals("EmptyChannelNameError: expected a channel name; got the empty string",
                client.peer().closeReason);
        assertEquals(2, stats.rejected.get(RelayError.EMPTY_CHANNEL_NAME));
        assertEquals(0, relay.openConnections());
    }

    @Test
    void unknownEvent_withoutCid_isIgnored() {
        Client client = handshaken();
        int before = client.peer().sent().size();
        send(client, "{\"event\":\"#removeAuthToken\"}");
        assertEquals(before, client.peer().sent().size());
        assertEquals(0, client.peer().closeCode);
    }

    @Test
    void closing_removesEverySubscriptionAndForgetsEmptyChannels() {
        Client client = handshaken();
        send(client, "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"a\"},\"cid\":2}");
        send(client, "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"b\"},\"cid\":3}");
        assertEquals(2, relay.channelCount());
        relay.closed(client.connection());
        assertEquals(0, relay.channelCount());
        assertEquals(0, relay.openConnections());
    }

    @Test
    void frameTooLarge_countsUtf8Bytes() {
        relay = relayWith(Map.of("relay.maxFrameBytes", "1024"));
        Client ascii = handshaken();
        send(ascii, "{\"event\":\"x\",\"data\":\"" + "a".repeat(1000) + "\"}");
        assertEquals(0, ascii.peer().closeCode);
        Client multibyte = handshaken();
        // 23 ASCII bytes of frame around 501 two-byte characters: 525 chars, 1025 bytes
        send(multibyte, "{\"event\":\"x\",\"data\":\"" + "\u00e9".repeat(501) + "\"}");
        assertEquals(1009, multibyte.peer().closeCode);
        assertEquals("FrameTooLargeError: frame of 1025 bytes; at most 1024",
                multibyte.peer().closeReason);
    }

    @Test
    void binaryFrame_closesWith1003() {
        Client client = handshaken();
        relay.receiveBinary(client.connection());
        assertEquals(1003, client.peer().closeCode);
    }

    @Test
    void oversizedFrame_droppedByTheReader_closesWith1009_andIsCounted() {
        Client client = handshaken();
        relay.receiveRefusedFrame(client.connection(), RelayError.FRAME_TOO_LARGE, 5_000_000);
        assertEquals(1009, client.peer().closeCode);
        assertEquals("FrameTooLargeError: frame of 5000000 bytes; at most 65536",
                client.peer().closeReason);
        assertEquals(1, stats.rejected.get(RelayError.FRAME_TOO_LARGE));
    }

    @Test
    void unmaskedFrame_droppedByTheReader_closesWith1002_andIsCounted() {
        Client client = handshaken();
        relay.receiveRefusedFrame(client.connection(), RelayError.UNMASKED_FRAME, 40);
        assertEquals(1002, client.peer().closeCode);
        assertEquals("UnmaskedFrameError: expected a masked frame, as RFC 6455 requires of"
                + " clients; got an unmasked one", client.peer().closeReason);
        assertEquals(1, stats.rejected.get(RelayError.UNMASKED_FRAME));
    }

    @Test
    void heartbeat_pingsInTheConfiguredDialect_andClosesSilentConnections() {
        relay = relayWith(Map.of("relay.protocolVersion", "1"));
        Client talking = handshaken();
        Client silent = handshaken();
        now += TimeUnit.SECONDS.toNanos(8);
        relay.heartbeat();
        assertEquals("#1", last(talking));
        send(talking, "#2");
        now += TimeUnit.SECONDS.toNanos(8);
        relay.heartbeat();
        send(talking, "");  // the protocol 2 pong counts too
        now += TimeUnit.SECONDS.toNanos(8);
        relay.heartbeat();
        assertEquals(4001, silent.peer().closeCode);
        assertEquals("PingTimeoutError: nothing received for 20000 ms", silent.peer().closeReason);
        assertEquals(0, talking.peer().closeCode);
        assertEquals(1, relay.openConnections());
    }

    @Test
    void tooManyConnections_closesTheNewOneOnly() {
        relay = relayWith(Map.of("relay.maxConnections", "2"));
        Client first = open();
        Client second = open();
        Client third = open();
        assertEquals(1013, third.peer().closeCode);
        assertEquals(0, first.peer().closeCode + second.peer().closeCode);
        assertEquals(2, relay.openConnections());
        relay.closed(third.connection());
        assertEquals(2, relay.openConnections());
    }

    @Test
    void stuckSubscriber_overflowsAndIsClosed_othersGetEverything() {
        relay = relayWith(Map.of("relay.outboundQueueFrames", "4"));
        Client stuck = handshaken();
        Client reading = handshaken();
        Client publisher = handshaken();
        for (Client subscriber : List.of(stuck, reading)) {
            send(subscriber, "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"c\"},\"cid\":2}");
        }
        stuck.peer().holdSends = true;
        for (int i = 0; i < 10; i++) {
            send(publisher, "{\"event\":\"#publish\",\"data\":{\"channel\":\"c\",\"data\":" + i
                    + "},\"cid\":" + (10 + i) + "}");
            assertEquals("{\"rid\":" + (10 + i) + "}", last(publisher));
        }
        assertEquals(4200, stuck.peer().closeCode);
        assertEquals("OutboundOverflowError: 4 frames waiting; the connection reads too slowly",
                stuck.peer().closeReason);
        assertEquals(1, stats.overflowClosed);
        assertEquals("{\"event\":\"#publish\",\"data\":{\"channel\":\"c\",\"data\":9}}",
                last(reading));
        assertEquals(1, relay.channelCount());
    }

    @Test
    void stuckSubscriber_publishersRacingToOverflowIt_closeAndCountItOnce() throws Exception {
        // Stats that hold the first overflow report until a second one comes or every other
        // publisher is done: that keeps the race window open, so every publisher that finds the
        // queue full gets to the relay's overflow handling while the first is still in it.
        int publisherCount = 4;
        Object gate = new Object();
        int[] finished = {0};
        CountingStats racing = new CountingStats() {
            @Override
            public void overflowClosed() {
                super.overflowClosed();
                synchronized (gate) {
                    gate.notifyAll();
                    while (overflowClosed < 2 && finished[0] < publisherCount - 1) {
                        waitOn(gate);
                    }
                }
            }
        };
        relay = new Relay(RelaySettings.from(key -> Optional.ofNullable(Map.of(
                "relay.outboundQueueFrames", "1").get(key))), racing, Runnable::run,
                Runnable::run, () -> now);
        Client stuck = handshaken();
        stuck.peer().holdSends = true;
        send(stuck, "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"race\"},\"cid\":2}");
        List<Client> publishers = new ArrayList<>();
        for (int p = 0; p < publisherCount; p++) {
            publishers.add(handshaken());
        }
        ExecutorService pool = Executors.newFixedThreadPool(publisherCount);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (Client publisher : publishers) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 3; i++) {
                        send(publisher, "{\"event\":\"#publish\",\"data\":{\"channel\":\"race\","
                                + "\"data\":" + i + "}}");
                    }
                    synchronized (gate) {
                        finished[0]++;
                        gate.notifyAll();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(4200, stuck.peer().closeCode);
        assertEquals(1, racing.overflowClosed);
    }

    /** Waits on a monitor the caller holds; an interrupt (the pool shutting down) ends it. */
    private static void waitOn(Object monitor) {
        try {
            monitor.wait(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Test
    void closeReason_isCutToWhatACloseFrameCarries() {
        String reason = Relay.closeReason(RelayError.INVALID_DATA, "\u00e9".repeat(200));
        assertTrue(reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 123);
    }

    /** Counts what the relay reports. */
    private static class CountingStats implements RelayStats {
        int publishes;
        int delivered;
        int overflowClosed;
        final Map<RelayError, Integer> rejected = new EnumMap<>(RelayError.class);

        @Override
        public synchronized void publishReceived() {
            publishes++;
        }

        @Override
        public synchronized void delivered(int subscribers) {
            delivered += subscribers;
        }

        @Override
        public synchronized void rejected(RelayError error) {
            rejected.merge(error, 1, Integer::sum);
        }

        @Override
        public synchronized void overflowClosed() {
            overflowClosed++;
        }
    }
}
