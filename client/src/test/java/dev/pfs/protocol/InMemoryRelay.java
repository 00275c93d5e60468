package dev.pfs.protocol;

import dev.pfs.transport.Transport;
import dev.pfs.transport.TransportListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A relay in memory, for tests: channels, subscribers and a queue of deliveries that
 * {@link #run} hands out one at a time, so no device is ever called from inside another's
 * call. An interceptor sees every publish and decides what reaches the channel: the hook for a
 * malicious relay.
 */
final class InMemoryRelay {
    /** A published message on its way to a channel. */
    static final class Publish {
        final Connection sender;
        final String channel;
        final String data;

        Publish(Connection sender, String channel, String data) {
            this.sender = sender;
            this.channel = channel;
            this.data = data;
        }

        Publish withData(String newData) {
            return new Publish(sender, channel, newData);
        }
    }

    private static final class Delivery {
        final Connection to;
        final String channel;
        final String data;

        Delivery(Connection to, String channel, String data) {
            this.to = to;
            this.channel = channel;
            this.data = data;
        }
    }

    private final List<Connection> connections = new ArrayList<>();
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private final List<Publish> log = new ArrayList<>();
    private Function<Publish, List<Publish>> interceptor = List::of;
    private BiPredicate<Connection, Connection> route = (from, to) -> true;

    Connection connect() {
        Connection connection = new Connection();
        connections.add(connection);
        return connection;
    }

    /** Replaces what the relay does with each publish; the default passes it on unchanged. */
    void intercept(Function<Publish, List<Publish>> interceptor) {
        this.interceptor = interceptor;
    }

    /** Decides which connections may hear which: a relay that partitions its subscribers. */
    void route(BiPredicate<Connection, Connection> newRoute) {
        this.route = newRoute;
    }

    /** Every publish as the devices sent it, in order. */
    List<Publish> log() {
        return log;
    }

    /** Hands out queued events until none is left; fails rather than loop forever. */
    void run() {
        int steps = 0;
        Runnable next;
        while ((next = queue.poll()) != null) {
            if (++steps > 100_000) {
                throw new AssertionError("relay still busy after 100000 deliveries");
            }
            next.run();
        }
    }

    /** Delivers a publish to the channel's current subscribers, later, through the queue. */
    void deliver(Publish publish) {
        for (Connection to : connections) {
            if (to.connected && to.subscriptions.contains(publish.channel)
                    && route.test(publish.sender, to)) {
                Delivery delivery = new Delivery(to, publish.channel, publish.data);
                queue.add(() -> {
                    if (delivery.to.connected) {
                        delivery.to.listener.onMessage(delivery.channel, delivery.data);
                    }
                });
            }
        }
    }

    /** One device's connection; its events reach the listener through the relay's queue. */
    final class Connection implements Transport {
        private final Set<String> subscriptions = new LinkedHashSet<>();
        private TransportListener listener;
        private boolean connected;

        @Override
        public void connect(TransportListener newListener) {
            this.listener = newListener;
            reconnect();
        }

        /** Comes back: the listener hears onConnected (through the queue). */
        void reconnect() {
            queue.add(() -> {
                connected = true;
                listener.onConnected();
            });
        }

        /** Drops the connection at once: what is queued for it is lost. */
        void drop() {
            connected = false;
            queue.add(() -> listener.onDisconnected("dropped by the test"));
        }

        boolean isConnected() {
            return connected;
        }

        @Override
        public void subscribe(String channel) {
            subscriptions.add(channel);
        }

        @Override
        public void unsubscribe(String channel) {
            subscriptions.remove(channel);
        }

        @Override
        public void publish(String channel, String data) {
            if (!connected) {
                return;
            }
            Publish publish = new Publish(this, channel, data);
            log.add(publish);
            for (Publish out : interceptor.apply(publish)) {
                deliver(out);
            }
        }

        @Override
        public void close() {
            connected = false;
        }
    }
}
