package dev.pfs.relay.channel;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which subscribers each channel has. A channel exists while it has a subscriber: the last
 * unsubscribe forgets it. Nothing published is stored: the registry only answers "who is
 * subscribed now".
 *
 * <p>Thread-safe without a global lock: subscribe and unsubscribe replace a channel's immutable
 * subscriber array inside {@link ConcurrentHashMap#compute}, which locks only that map bin, and
 * {@link #subscribers} is a plain read of the current array, so publishing never waits for a
 * subscribe (it sees the array from before or after it).
 *
 * @param <S> the subscriber type, compared by identity-consistent {@code equals}
 */
public final class ChannelRegistry<S> {
    private final ConcurrentHashMap<String, Object[]> channels = new ConcurrentHashMap<>();

    /** @return true if the subscriber was added, false if it was already subscribed */
    public boolean subscribe(String channel, S subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        boolean[] added = {false};
        channels.compute(channel, (name, current) -> {
            if (current == null) {
                added[0] = true;
                return new Object[] {subscriber};
            }
            if (indexOf(current, subscriber) >= 0) {
                return current;
            }
            Object[] grown = Arrays.copyOf(current, current.length + 1);
            grown[current.length] = subscriber;
            added[0] = true;
            return grown;
        });
        return added[0];
    }

    /** @return true if the subscriber was subscribed and is now removed */
    public boolean unsubscribe(String channel, S subscriber) {
        boolean[] removed = {false};
        channels.computeIfPresent(channel, (name, current) -> {
            int index = indexOf(current, subscriber);
            if (index < 0) {
                return current;
            }
            removed[0] = true;
            if (current.length == 1) {
                return null; // forget the empty channel
            }
            Object[] shrunk = new Object[current.length - 1];
            System.arraycopy(current, 0, shrunk, 0, index);
            System.arraycopy(current, index + 1, shrunk, index, current.length - index - 1);
            return shrunk;
        });
        return removed[0];
    }

    /** The channel's subscribers at this moment: an unmodifiable snapshot, empty if none. */
    @SuppressWarnings("unchecked")
    public List<S> subscribers(String channel) {
        Object[] current = channels.get(channel);
        return current == null ? List.of() : (List<S>) Collections.unmodifiableList(
                Arrays.asList(current));
    }

    /** How many channels have at least one subscriber. */
    public int channelCount() {
        return channels.size();
    }

    private static int indexOf(Object[] subscribers, Object subscriber) {
        for (int i = 0; i < subscribers.length; i++) {
            if (subscribers[i].equals(subscriber)) {
                return i;
            }
        }
        return -1;
    }
}
