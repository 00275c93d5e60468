package dev.pfs.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the soak sent and received, and the verdict on it. Times are {@link Stamp#now()}
 * nanoseconds, taken in the one JVM that both publishes and subscribes.
 *
 * <p>When a delivery was owed is decided from what the load generator can know for certain,
 * given that a relay acknowledges a request only after acting on it and that it writes to one
 * connection in order:
 * <ul>
 *   <li><b>must deliver</b>: a publish to channel c is owed to subscriber s if it was sent after s
 *       received the acknowledgement of its subscribe to c, and its own acknowledgement reached
 *       the publisher before s sent the unsubscribe (so the relay routed it while s was
 *       certainly subscribed);
 *   <li><b>must not deliver</b> (a delivery is <i>stray</i>): a publish sent after s received the
 *       acknowledgement of its unsubscribe, or before s first subscribed, and acknowledged before s
 *       sent its next subscribe;
 *   <li>anything in between (in flight while s subscribed or unsubscribed) may arrive or not,
 *       but, like every delivery, at most once and in order per publisher.
 * </ul>
 */
final class SoakLedger {
    private static final long NEVER = Long.MAX_VALUE;
    private static final long REFUSED = -1;

    /** The soak's outcome. {@code lostExamples} names a few lost messages for diagnosis. */
    record Verdict(long published, long acknowledged, long refused, long deliveries,
            long mustDeliver, long lost, long duplicated, long outOfOrder, long stray,
            long subscribes, long unsubscribes, List<String> lostExamples) {

        boolean clean() {
            return lost == 0 && duplicated == 0 && outOfOrder == 0 && stray == 0;
        }

        @Override
        public String toString() {
            return String.format("published %,d (acknowledged %,d, refused %,d), deliveries %,d,"
                    + " must-deliver %,d, lost %d, duplicated %d, out of order %d, stray %d,"
                    + " subscribes %,d, unsubscribes %,d%s", published, acknowledged, refused,
                    deliveries, mustDeliver, lost, duplicated, outOfOrder, stray, subscribes,
                    unsubscribes, lostExamples.isEmpty() ? "" : ", e.g. lost " + lostExamples);
        }
    }

    private final int connections;
    private final Publications[] publications;
    private final Map<Long, List<long[]>> subscriptions = new HashMap<>();
    private final SequenceTracker[][] received;

    SoakLedger(int connections) {
        this.connections = connections;
        this.publications = new Publications[connections];
        this.received = new SequenceTracker[connections][connections];
        for (int i = 0; i < connections; i++) {
            publications[i] = new Publications();
            for (int j = 0; j < connections; j++) {
                received[i][j] = new SequenceTracker();
            }
        }
    }

    /** Publisher {@code p} sends its next message (sequence numbers count up from 0). */
    long published(int publisher, int channel, long sentNanos) {
        return publications[publisher].add(channel, sentNanos);
    }

    void publishAcknowledged(int publisher, long sequence, long atNanos) {
        publications[publisher].acknowledge(sequence, atNanos);
    }

    void publishRefused(int publisher, long sequence) {
        publications[publisher].acknowledge(sequence, REFUSED);
    }

    void subscribeSent(int subscriber, int channel, long atNanos) {
        synchronized (subscriptions) {
            List<long[]> periods = subscriptions.computeIfAbsent(key(subscriber, channel),
                    k -> new ArrayList<>());
            long[] last = periods.isEmpty() ? null : periods.get(periods.size() - 1);
            if (last != null && last[3] == NEVER) {
                throw new IllegalStateException("subscribe sent while still subscribed");
            }
            periods.add(new long[] {atNanos, NEVER, NEVER, NEVER});
        }
    }

    void subscribeAcknowledged(int subscriber, int channel, long atNanos) {
        update(subscriber, channel, 1, atNanos);
    }

    /** A refused subscribe: the relay never subscribed, so the period ends where it began. */
    void subscribeRefused(int subscriber, int channel) {
        synchronized (subscriptions) {
            long[] period = period(subscriber, channel);
            period[2] = period[0];
            period[3] = period[0];
        }
    }

    void unsubscribeSent(int subscriber, int channel, long atNanos) {
        update(subscriber, channel, 2, atNanos);
    }

    /** The unsubscribe was acknowledged, or refused: either way nothing is owed after it. */
    void unsubscribeAcknowledged(int subscriber, int channel, long atNanos) {
        update(subscriber, channel, 3, atNanos);
    }

    private void update(int subscriber, int channel, int field, long atNanos) {
        synchronized (subscriptions) {
            period(subscriber, channel)[field] = atNanos;
        }
    }

    /** Subscriber {@code s} received message {@code sequence} of publisher {@code p}. */
    void delivered(int subscriber, int publisher, long sequence) {
        received[subscriber][publisher].record(sequence);
    }

    /** The verdict on everything recorded so far, as if the run ended now. */
    Verdict verdict() {
        Map<Long, List<long[]>> periods = new HashMap<>();
        synchronized (subscriptions) {
            subscriptions.forEach((key, list) -> {
                List<long[]> copy = new ArrayList<>();
                list.forEach(p -> copy.add(p.clone()));
                periods.put(key, copy);
            });
        }
        Message[][] byChannel = messagesByChannel();
        long published = 0;
        long acknowledged = 0;
        long refused = 0;
        for (Publications p : publications) {
            long[] counts = p.counts();
            published += counts[0];
            acknowledged += counts[1];
            refused += counts[2];
        }
        long mustDeliver = 0;
        long lost = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<Long, List<long[]>> entry : periods.entrySet()) {
            int subscriber = (int) (entry.getKey() >>> 32);
            int channel = (int) (long) entry.getKey();
            Message[] messages = channel < byChannel.length ? byChannel[channel] : new Message[0];
            for (long[] period : entry.getValue()) {
                for (Message m : owedIn(messages, period[1], period[2])) {
                    mustDeliver++;
                    if (!received[subscriber][m.publisher].has(m.sequence)) {
                        lost++;
                        if (examples.size() < 5) {
                            examples.add("publisher " + m.publisher + " #" + m.sequence + " on "
                                    + channel + " to " + subscriber);
                        }
                    }
                }
            }
        }
        long deliveries = 0;
        long duplicated = 0;
        long outOfOrder = 0;
        long[] stray = {0};
        for (int s = 0; s < connections; s++) {
            for (int p = 0; p < connections; p++) {
                SequenceTracker tracker = received[s][p];
                deliveries += tracker.distinct() + tracker.duplicates();
                duplicated += tracker.duplicates();
                outOfOrder += tracker.outOfOrder();
                int subscriber = s;
                Publications from = publications[p];
                tracker.forEachReceived(sequence -> {
                    if (isStray(periods.get(key(subscriber, from.channel(sequence))),
                            from.sent(sequence), from.acknowledged(sequence))) {
                        stray[0]++;
                    }
                });
            }
        }
        long subscribes = periods.values().stream().mapToLong(List::size).sum();
        long unsubscribes = periods.values().stream().flatMap(List::stream)
                .filter(p -> p[2] != NEVER && p[2] != p[0]).count();
        return new Verdict(published, acknowledged, refused, deliveries, mustDeliver, lost,
                duplicated, outOfOrder, stray[0], subscribes, unsubscribes, examples);
    }

    /** Messages sent at or after {@code from} and acknowledged at or before {@code to}. */
    private static List<Message> owedIn(Message[] bySent, long from, long to) {
        List<Message> owed = new ArrayList<>();
        if (from == NEVER) {
            return owed;
        }
        int i = firstSentAtOrAfter(bySent, from);
        for (; i < bySent.length && bySent[i].sent <= to; i++) {
            long ack = bySent[i].acknowledged;
            if (ack != 0 && ack != REFUSED && ack <= to) {
                owed.add(bySent[i]);
            }
        }
        return owed;
    }

    private static boolean isStray(List<long[]> periods, long sent, long acknowledged) {
        if (acknowledged == 0 || acknowledged == REFUSED) {
            return false; // never known to be routed: nothing can be said
        }
        long unsubscribedSince = Long.MIN_VALUE; // before the first subscribe
        if (periods != null) {
            for (long[] period : periods) {
                if (sent >= unsubscribedSince && acknowledged <= period[0]) {
                    return true;
                }
                unsubscribedSince = period[3];
            }
        }
        return sent >= unsubscribedSince && unsubscribedSince != NEVER;
    }

    private Message[][] messagesByChannel() {
        Map<Integer, List<Message>> grouped = new HashMap<>();
        for (int p = 0; p < connections; p++) {
            publications[p].forEach(p, m -> grouped.computeIfAbsent(m.channel,
                    c -> new ArrayList<>()).add(m));
        }
        int channels = grouped.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        Message[][] result = new Message[channels][];
        for (int c = 0; c < channels; c++) {
            Message[] list = grouped.getOrDefault(c, List.of()).toArray(new Message[0]);
            Arrays.sort(list, (a, b) -> Long.compare(a.sent, b.sent));
            result[c] = list;
        }
        return result;
    }

    private static int firstSentAtOrAfter(Message[] bySent, long time) {
        int low = 0;
        int high = bySent.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (bySent[mid].sent < time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    // Callers hold the subscriptions monitor.
    private long[] period(int subscriber, int channel) {
        List<long[]> periods = subscriptions.get(key(subscriber, channel));
        if (periods == null) {
            throw new IllegalStateException("no subscribe sent by " + subscriber + " to "
                    + channel);
        }
        return periods.get(periods.size() - 1);
    }

    private static long key(int subscriber, int channel) {
        return ((long) subscriber << 32) | (channel & 0xffffffffL);
    }

    private record Message(int publisher, long sequence, int channel, long sent,
            long acknowledged) {
    }

    /** One publisher's messages: channel, send time, acknowledgement time (0 = not yet). */
    private static final class Publications {
        private int[] channels = new int[1024];
        private long[] sent = new long[1024];
        private long[] acknowledged = new long[1024];
        private int count;

        synchronized long add(int channel, long sentNanos) {
            if (count == channels.length) {
                channels = Arrays.copyOf(channels, count * 2);
                sent = Arrays.copyOf(sent, count * 2);
                acknowledged = Arrays.copyOf(acknowledged, count * 2);
            }
            channels[count] = channel;
            sent[count] = sentNanos;
            return count++;
        }

        synchronized void acknowledge(long sequence, long atNanos) {
            acknowledged[(int) sequence] = atNanos;
        }

        synchronized int channel(long sequence) {
            return sequence < count ? channels[(int) sequence] : -1;
        }

        synchronized long sent(long sequence) {
            return sequence < count ? sent[(int) sequence] : NEVER;
        }

        synchronized long acknowledged(long sequence) {
            return sequence < count ? acknowledged[(int) sequence] : 0;
        }

        synchronized long[] counts() {
            long acks = 0;
            long refusals = 0;
            for (int i = 0; i < count; i++) {
                if (acknowledged[i] == REFUSED) {
                    refusals++;
                } else if (acknowledged[i] != 0) {
                    acks++;
                }
            }
            return new long[] {count, acks, refusals};
        }

        synchronized void forEach(int publisher, java.util.function.Consumer<Message> action) {
            for (int i = 0; i < count; i++) {
                action.accept(new Message(publisher, i, channels[i], sent[i], acknowledged[i]));
            }
        }
    }
}
