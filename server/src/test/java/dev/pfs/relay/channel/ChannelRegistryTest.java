package dev.pfs.relay.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChannelRegistryTest {
    private final ChannelRegistry<String> registry = new ChannelRegistry<>();

    @Test
    void subscribe_addsOnceAndUnsubscribeForgetsTheEmptyChannel() {
        assertTrue(registry.subscribe("a", "x"));
        assertFalse(registry.subscribe("a", "x"));
        assertTrue(registry.subscribe("a", "y"));
        assertEquals(List.of("x", "y"), registry.subscribers("a"));
        assertEquals(1, registry.channelCount());

        assertTrue(registry.unsubscribe("a", "x"));
        assertFalse(registry.unsubscribe("a", "x"));
        assertEquals(List.of("y"), registry.subscribers("a"));
        assertTrue(registry.unsubscribe("a", "y"));
        assertEquals(0, registry.channelCount());
        assertEquals(List.of(), registry.subscribers("a"));
    }

    @Test
    void subscribers_isASnapshotUnchangedByLaterSubscriptions() {
        registry.subscribe("a", "x");
        List<String> before = registry.subscribers("a");
        registry.subscribe("a", "y");
        registry.unsubscribe("a", "x");
        assertEquals(List.of("x"), before);
    }

    @Test
    void unsubscribe_ofUnknownChannelOrSubscriber_changesNothing() {
        registry.subscribe("a", "x");
        assertFalse(registry.unsubscribe("b", "x"));
        assertFalse(registry.unsubscribe("a", "z"));
        assertEquals(List.of("x"), registry.subscribers("a"));
    }

    @Test
    void concurrentSubscribeAndUnsubscribe_leaveNoChannelBehind() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String subscriber = "s" + t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 2000; i++) {
                    String channel = "c" + (i % 5);
                    registry.subscribe(channel, subscriber);
                    registry.subscribers(channel);
                    registry.unsubscribe(channel, subscriber);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(0, registry.channelCount());
    }
}
