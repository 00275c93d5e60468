package dev.pfs.bench;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The soak: connections that each publish to random channels at a steady rate and keep
 * subscribing to and unsubscribing from random channels, while every delivery is checked against
 * the {@link SoakLedger} and the relay's live heap is sampled.
 *
 * <p>Memory is <b>flat</b> when the relay's live heap (taken right after a full collection) at
 * rest after the load does not exceed its live heap at rest after warm-up by more than
 * {@link #FLAT_TOLERANCE_BYTES} or {@link #FLAT_TOLERANCE_FRACTION} of it, whichever is larger.
 * Warm-up is the first fifth of the run. <i>At rest</i>: the load is paused and everything it
 * sent has been answered and delivered, so the heap holds what the relay keeps, not frames in
 * flight; under load a busy machine makes the relay fall behind, and its backlog alone can add
 * megabytes that a leak check must not mistake for a leak. Samples taken under load are
 * reported, not judged, and so is RSS: a JVM's RSS follows its committed heap, not its live
 * data.
 */
public final class Soak {
    static final long FLAT_TOLERANCE_BYTES = 8L << 20;
    static final double FLAT_TOLERANCE_FRACTION = 0.10;
    private static final int PAYLOAD_BYTES = 64;
    private static final long SETTLE_SECONDS = 30;
    /** Not a soak channel: unsubscribing from it changes nothing, its answer only marks time. */
    private static final String FLUSH_CHANNEL = "flush";

    /**
     * The soak's shape.
     *
     * @param publishRate   publishes per second per connection, each to a random channel
     * @param churnRate     subscribe-or-unsubscribe actions per second per connection
     * @param subscriptions channels each connection subscribes to at the start; it keeps between
     *                      1 and twice this many
     */
    public record Settings(int connections, int channels, Duration duration, double publishRate,
            double churnRate, int subscriptions, long seed) {

        /**
         * 200 connections, 100 channels, each starting on 4 channels, each publishing and
         * changing a subscription every two seconds: about 100 publishes and 800 deliveries a
         * second, a load the relay sustains even on a busy 2-core machine, so that its memory
         * shows leaks rather than a growing backlog.
         */
        public static Settings standard(Duration duration) {
            return new Settings(200, 100, duration, 0.5, 0.5, 4, 42);
        }
    }

    /** One live-heap and RSS sample of the relay, seconds into the run, at rest or not. */
    public record MemorySample(double atSeconds, boolean atRest, long liveHeapBytes,
            long rssBytes) {
        @Override
        public String toString() {
            return String.format("%.0fs%s: heap %s, RSS %s", atSeconds, atRest ? " at rest" : "",
                    LoadResult.mib(liveHeapBytes), LoadResult.mib(rssBytes));
        }
    }

    /** What the soak found. */
    public record Report(SoakLedger.Verdict verdict, ErrorCounts errors,
            List<MemorySample> memory, boolean memoryFlat, String memoryVerdict) {
        @Override
        public String toString() {
            return verdict + "; errors " + errors + "; memory " + memoryVerdict + " " + memory;
        }
    }

    private final Settings settings;
    private final Target target;
    private final PrintStream progress;
    private final SoakLedger ledger;
    private final ErrorCounts errors = new ErrorCounts();
    private final LongAdder deliveries = new LongAdder();
    private final List<MemorySample> memory = new ArrayList<>();
    private final List<CompletableFuture<?>> outstanding = new ArrayList<>();
    private final String channelPrefix = "soak" + ProcessHandle.current().pid() + "-";
    private List<Device> devices;
    /** Draws the load's start offsets; one sequence across the pauses. */
    private final Random schedule;
    /** Load time so far, in nanoseconds: the run's clock, which stands still in the pauses. */
    private volatile long loadNanos;
    private volatile boolean finished; // from here on, failures are of our own closing

    private Soak(Settings settings, Target target, PrintStream progress) {
        this.settings = settings;
        this.target = target;
        this.progress = progress;
        this.ledger = new SoakLedger(settings.connections());
        this.schedule = new Random(settings.seed() + 1);
    }

    /** Runs the soak against {@code target}, printing progress lines to {@code progress}. */
    public static Report run(Settings settings, Target target, PrintStream progress)
            throws InterruptedException {
        return new Soak(settings, target, progress).run();
    }

    private Report run() throws InterruptedException {
        try (Fleet fleet = new Fleet(target.uri(), errors)) {
            List<ScConnection> connections = fleet.open(0, settings.connections(),
                    this::onPublish);
            if (connections.size() < settings.connections()) {
                throw new IllegalStateException("only " + connections.size() + " of "
                        + settings.connections() + " connections opened: " + errors);
            }
            Random random = new Random(settings.seed());
            devices = new ArrayList<>();
            for (ScConnection connection : connections) {
                devices.add(new Device(connection, new Random(random.nextLong())));
            }
            devices.forEach(Device::subscribeInitially);
            long duration = settings.duration().toNanos();
            long warmup = duration / 5;
            loadUntil(warmup, warmup);
            sampleAtRest();
            loadUntil(duration, Math.max((duration - warmup) / 8, TimeUnit.SECONDS.toNanos(5)));
            sampleAtRest();
            finished = true;
            return new Report(ledger.verdict(), errors, List.copyOf(memory), flat(),
                    memoryVerdict());
        }
    }

    /**
     * Runs the load until {@code end} nanoseconds of load time have passed, sampling memory
     * every {@code step} (but not at the end), then stops it. Load time excludes the pauses.
     */
    private void loadUntil(long end, long step) throws InterruptedException {
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        long resumedNanos = System.nanoTime();
        long loadedNanos = loadNanos;
        try {
            schedule(load);
            for (long at = loadedNanos + step; at < end; at += step) {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, resumedNanos + at - loadedNanos
                        - System.nanoTime()));
                MemorySample sample = sample(false, at);
                memory.add(sample);
                report(sample);
            }
            TimeUnit.NANOSECONDS.sleep(Math.max(0, resumedNanos + end - loadedNanos
                    - System.nanoTime()));
        } finally {
            load.shutdownNow();
            load.awaitTermination(10, TimeUnit.SECONDS);
        }
        loadNanos = end;
    }

    private void schedule(ScheduledExecutorService load) {
        long publishMicros = (long) (1e6 / settings.publishRate());
        long churnMicros = (long) (1e6 / settings.churnRate());
        for (Device device : devices) {
            load.scheduleAtFixedRate(device::publish, schedule.nextInt((int) publishMicros),
                    publishMicros, TimeUnit.MICROSECONDS);
            load.scheduleAtFixedRate(device::churn, schedule.nextInt((int) churnMicros),
                    churnMicros, TimeUnit.MICROSECONDS);
        }
    }

    /** Lets everything sent so far be answered and delivered, then samples memory. */
    private void sampleAtRest() throws InterruptedException {
        settle();
        MemorySample sample = sample(true, loadNanos);
        memory.add(sample);
        report(sample);
    }

    private void report(MemorySample sample) {
        progress.printf("  soak %s; deliveries so far %,d; errors %s%n", sample,
                deliveries.sum(), errors);
    }

    private MemorySample sample(boolean atRest, long atLoadNanos) {
        ProcessProbe relay = target.process();
        long heap = target.liveHeapBytes();
        return new MemorySample(atLoadNanos / 1e9, atRest, heap,
                relay == null ? -1 : relay.rssBytes());
    }

    /**
     * Waits for the answer to every request sent, then for one more answer on each connection:
     * the relay writes to a connection in order, so once that answer is in, every delivery the
     * connection was owed for the publishes answered before it has arrived too.
     */
    private void settle() throws InterruptedException {
        List<CompletableFuture<?>> all;
        synchronized (outstanding) {
            all = new ArrayList<>(outstanding);
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                    .get(SETTLE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            errors.record("acknowledgements missing after " + SETTLE_SECONDS + " s");
            return;
        }
        CompletableFuture<?>[] flushes = devices.stream()
                .map(device -> device.connection.unsubscribe(channelPrefix + FLUSH_CHANNEL))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(flushes).get(SETTLE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            errors.record("flush answers missing after " + SETTLE_SECONDS + " s");
        }
    }

    private boolean flat() {
        List<MemorySample> atRest = memory.stream().filter(MemorySample::atRest).toList();
        return atRest.size() == 2
                && flat(atRest.get(0).liveHeapBytes(), atRest.get(1).liveHeapBytes());
    }

    /**
     * The rule for flat memory, on the live heap at rest after warm-up and after the load; false
     * if either is unknown (negative).
     */
    static boolean flat(long afterWarmupBytes, long afterLoadBytes) {
        if (afterWarmupBytes < 0 || afterLoadBytes < 0) {
            return false;
        }
        long allowed = Math.max(FLAT_TOLERANCE_BYTES,
                (long) (afterWarmupBytes * FLAT_TOLERANCE_FRACTION));
        return afterLoadBytes <= afterWarmupBytes + allowed;
    }

    private String memoryVerdict() {
        List<MemorySample> atRest = memory.stream().filter(MemorySample::atRest).toList();
        if (atRest.size() != 2 || atRest.stream().anyMatch(s -> s.liveHeapBytes() < 0)) {
            return "unknown (live heap not measurable)";
        }
        long baseline = atRest.get(0).liveHeapBytes();
        long last = atRest.get(1).liveHeapBytes();
        double minutes = (atRest.get(1).atSeconds() - atRest.get(0).atSeconds()) / 60;
        return String.format("%s: live heap at rest %s after warm-up, %s after the load"
                + " (%+.1f MiB/min of load)", flat() ? "flat" : "NOT flat",
                LoadResult.mib(baseline), LoadResult.mib(last),
                (last - baseline) / 1048576.0 / Math.max(minutes, 1e-9));
    }

    private void onPublish(ScConnection connection, ByteBuffer frame, long receivedNanos) {
        try {
            Stamp stamp = Stamp.find(frame);
            if (stamp.publisher() >= settings.connections()) {
                errors.record("delivery from an unknown publisher");
                return;
            }
            ledger.delivered(connection.id(), stamp.publisher(), stamp.sequence());
            deliveries.increment();
        } catch (IllegalArgumentException e) {
            errors.record("delivery without a valid stamp");
        }
    }

    private void track(CompletableFuture<?> future) {
        synchronized (outstanding) {
            outstanding.removeIf(CompletableFuture::isDone);
            outstanding.add(future);
        }
    }

    /** One connection: its subscriptions and the actions the schedule makes it take. */
    private final class Device {
        private final ScConnection connection;
        private final Random random;
        private final BitSet subscribed = new BitSet();
        private final BitSet changing = new BitSet();

        Device(ScConnection connection, Random random) {
            this.connection = connection;
            this.random = random;
        }

        synchronized void subscribeInitially() {
            while (count() < settings.subscriptions()) {
                int channel = random.nextInt(settings.channels());
                if (!subscribed.get(channel)) {
                    subscribe(channel);
                }
            }
        }

        void publish() {
            int channel = random.nextInt(settings.channels());
            int id = connection.id();
            String data;
            long sequence;
            synchronized (this) { // sequence order must be send order
                long sent = Stamp.now();
                sequence = ledger.published(id, channel, sent);
                data = Stamp.json(id, sequence, sent, PAYLOAD_BYTES);
            }
            track(connection.publish(channelPrefix + channel, data).whenComplete((r, failure) -> {
                if (failure == null) {
                    ledger.publishAcknowledged(id, sequence, Stamp.now());
                } else if (!finished) {
                    ledger.publishRefused(id, sequence);
                    errors.record("publish failed: "
                            + ScConnection.rootCause(failure).getMessage());
                }
            }));
        }

        void churn() {
            int channel = random.nextInt(settings.channels());
            synchronized (this) {
                if (changing.get(channel)) {
                    return;
                }
                boolean unsubscribe = subscribed.get(channel)
                        ? count() > 1 : count() >= 2 * settings.subscriptions();
                if (unsubscribe && !subscribed.get(channel)) {
                    channel = subscribed.nextSetBit(random.nextInt(settings.channels()));
                    channel = channel < 0 ? subscribed.nextSetBit(0) : channel;
                    if (changing.get(channel)) {
                        return;
                    }
                }
                if (unsubscribe) {
                    unsubscribe(channel);
                } else if (!subscribed.get(channel)) {
                    subscribe(channel);
                }
            }
        }

        private synchronized int count() {
            return subscribed.cardinality();
        }

        // Called holding this device's monitor.
        private void subscribe(int channel) {
            int id = connection.id();
            subscribed.set(channel);
            changing.set(channel);
            ledger.subscribeSent(id, channel, Stamp.now());
            track(connection.subscribe(channelPrefix + channel).whenComplete((r, failure) -> {
                long at = Stamp.now();
                synchronized (this) {
                    if (failure == null) {
                        ledger.subscribeAcknowledged(id, channel, at);
                    } else if (!finished) {
                        ledger.subscribeRefused(id, channel);
                        subscribed.clear(channel);
                        errors.record("subscribe failed: "
                                + ScConnection.rootCause(failure).getMessage());
                    }
                    changing.clear(channel);
                }
            }));
        }

        // Called holding this device's monitor.
        private void unsubscribe(int channel) {
            int id = connection.id();
            changing.set(channel);
            ledger.unsubscribeSent(id, channel, Stamp.now());
            track(connection.unsubscribe(channelPrefix + channel).whenComplete((r, failure) -> {
                long at = Stamp.now();
                synchronized (this) {
                    ledger.unsubscribeAcknowledged(id, channel, at);
                    if (failure != null && !finished) {
                        errors.record("unsubscribe failed: "
                                + ScConnection.rootCause(failure).getMessage());
                    }
                    subscribed.clear(channel);
                    changing.clear(channel);
                }
            }));
        }
    }
}
