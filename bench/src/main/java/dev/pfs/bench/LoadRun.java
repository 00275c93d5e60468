package dev.pfs.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Runs one {@link LoadSpec} against one {@link Target}: opens the connections, subscribes, warms
 * up, measures, stops publishing, waits for the last deliveries, and counts what was lost,
 * duplicated or out of order per publisher.
 */
public final class LoadRun {
    private static final long DRAIN_QUIET_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final long DRAIN_MAX_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final AtomicLong RUNS = new AtomicLong();

    private final LoadSpec spec;
    private final Target target;
    private final ErrorCounts errors = new ErrorCounts();
    private final Histogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(5), 3);
    private final LongAdder delivered = new LongAdder();
    private final LongAdder measured = new LongAdder();
    private final ConcurrentHashMap<Integer, Receiver> receivers = new ConcurrentHashMap<>();
    private final List<Publisher> publishers = new ArrayList<>();
    private final String channelPrefix = "bench" + ProcessHandle.current().pid() + "-"
            + RUNS.incrementAndGet() + "-";
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private volatile boolean publishing;

    private LoadRun(LoadSpec spec, Target target) {
        this.spec = spec;
        this.target = target;
    }

    /** Runs {@code spec} against {@code target} and reports what it measured. */
    public static LoadResult run(LoadSpec spec, Target target) throws InterruptedException {
        return new LoadRun(Objects.requireNonNull(spec, "spec"),
                Objects.requireNonNull(target, "target")).run();
    }

    private LoadResult run() throws InterruptedException {
        ProcessProbe relay = target.process();
        ProcessProbe self = ProcessProbe.self();
        if (relay != null) {
            relay.resetPeak();
        }
        try (Fleet fleet = new Fleet(target.uri(), errors)) {
            connect(fleet);
            publishing = true;
            Thread pacer = startPublishing();
            waitNanos(spec.warmup().toNanos());

            Cores cores = Cores.of(relay, self);
            long relayCpu0 = relay == null ? 0 : relay.cpuMillis();
            long selfCpu0 = self.cpuMillis();
            long machine0 = ProcessProbe.machineBusyMillis();
            cores.start();
            long start = Stamp.now();
            windowStart = start;
            windowEnd = start + spec.measure().toNanos();
            waitNanos(spec.measure().toNanos());
            long elapsedMillis = (Stamp.now() - start) / 1_000_000;
            double relayCpu = relay == null ? -1
                    : 100.0 * (relay.cpuMillis() - relayCpu0) / elapsedMillis;
            double selfCpu = 100.0 * (self.cpuMillis() - selfCpu0) / elapsedMillis;
            double machine = 100.0 * (ProcessProbe.machineBusyMillis() - machine0) / elapsedMillis;
            cores.stop(elapsedMillis);
            double loadAverage = ProcessProbe.loadAverage();

            publishing = false;
            pacer.interrupt();
            pacer.join();
            long expected = drain();
            long peak = relay == null ? -1 : relay.peakRssBytes();
            return result(expected, elapsedMillis, cores.cpu(relayCpu, selfCpu, machine), peak,
                    loadAverage);
        }
    }

    private void connect(Fleet fleet) throws InterruptedException {
        int subscriberCount = spec.devices() ? 0 : spec.subscribers();
        List<ScConnection> subscribers = fleet.open(0, subscriberCount, this::onPublish);
        List<ScConnection> publisherConnections = fleet.open(subscriberCount, spec.publishers(),
                this::onPublish);
        int[] fanOut = new int[spec.channels()];
        List<CompletableFuture<?>> acks = new ArrayList<>();
        List<ScConnection> listening = spec.devices() ? publisherConnections : subscribers;
        for (ScConnection connection : listening) {
            int channel = (connection.id() - (spec.devices() ? subscriberCount : 0))
                    % spec.channels();
            fanOut[channel]++;
            receivers.put(connection.id(), new Receiver(channel(channel)));
            acks.add(connection.subscribe(channel(channel)).orTimeout(30, TimeUnit.SECONDS));
        }
        for (CompletableFuture<?> ack : acks) {
            try {
                ack.join();
            } catch (RuntimeException e) {
                errors.record("subscribe failed: " + ScConnection.rootCause(e).getMessage());
            }
        }
        for (ScConnection connection : publisherConnections) {
            int index = connection.id() - subscriberCount;
            int channel = index % spec.channels();
            publishers.add(new Publisher(index, connection, channel(channel), fanOut[channel]));
        }
        if (subscribers.size() < subscriberCount || publishers.size() < spec.publishers()) {
            errors.record("connections missing: " + (subscriberCount - subscribers.size())
                    + " subscribers, " + (spec.publishers() - publishers.size()) + " publishers");
        }
    }

    private String channel(int index) {
        return channelPrefix + index;
    }

    private Thread startPublishing() {
        Thread pacer = new Thread(spec.ratePerSecond() > 0 ? this::paceFixedRate
                : () -> publishers.forEach(Publisher::pump), "bench-pacer");
        pacer.setDaemon(true);
        pacer.start();
        return pacer;
    }

    // One thread paces every publisher: a queue of next send times, earliest first.
    private void paceFixedRate() {
        long interval = (long) (1e9 / spec.ratePerSecond());
        PriorityQueue<long[]> due = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        long now = Stamp.now();
        for (int i = 0; i < publishers.size(); i++) {
            due.add(new long[] {now + interval * i / publishers.size(), i});
        }
        while (publishing && !due.isEmpty()) {
            long[] next = due.poll();
            long wait = next[0] - Stamp.now();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                if (!publishing) {
                    return;
                }
            }
            publishers.get((int) next[1]).publishOne();
            next[0] += interval;
            due.add(next);
        }
    }

    private void onPublish(ScConnection connection, ByteBuffer frame, long receivedNanos) {
        Stamp stamp;
        try {
            stamp = Stamp.find(frame);
        } catch (IllegalArgumentException e) {
            errors.record("delivery without a valid stamp");
            return;
        }
        delivered.increment();
        if (receivedNanos >= windowStart && receivedNanos < windowEnd) {
            measured.increment();
            latency.recordValue(Math.max(0, (receivedNanos - stamp.sentNanos()) / 1000));
        }
        Receiver receiver = receivers.get(connection.id());
        if (receiver == null) {
            errors.record("delivery to a connection that did not subscribe");
            return;
        }
        receiver.tracker(stamp.publisher()).record(stamp.sequence());
        if (stamp.publisher() < publishers.size()) {
            publishers.get(stamp.publisher()).delivered();
        }
    }

    /** Waits for every owed delivery, or until none has arrived for a while; returns the owed. */
    private long drain() throws InterruptedException {
        long expected = publishers.stream().mapToLong(p -> p.owed() * p.fanOut).sum();
        long deadline = System.nanoTime() + DRAIN_MAX_NANOS;
        long lastCount = -1;
        long lastProgress = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long count = delivered.sum();
            if (count >= expected) {
                break;
            }
            if (count != lastCount) {
                lastCount = count;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > DRAIN_QUIET_NANOS) {
                break;
            }
            Thread.sleep(20);
        }
        return expected;
    }

    private LoadResult result(long expected, long elapsedMillis, LoadResult.Cpu cpu, long peak,
            double loadAverage) {
        long lost = 0;
        long duplicated = 0;
        long outOfOrder = 0;
        for (Publisher publisher : publishers) {
            for (Receiver receiver : receivers.values()) {
                if (!receiver.channel.equals(publisher.channel)) {
                    continue;
                }
                SequenceTracker tracker = receiver.tracker(publisher.index);
                lost += Math.max(0, publisher.owed() - tracker.distinct());
                duplicated += tracker.duplicates();
                outOfOrder += tracker.outOfOrder();
            }
        }
        double perSecond = measured.sum() * 1000.0 / elapsedMillis;
        return new LoadResult(spec.name(), perSecond, latency.copy(), publishers.stream()
                .mapToLong(Publisher::published).sum(), expected, lost, duplicated, outOfOrder,
                errors, spec.ratePerSecond() == 0, cpu, peak, loadAverage);
    }

    private static void waitNanos(long nanos) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(nanos);
    }

    /**
     * How busy the relay's core and the load generator's were in the window, when each process
     * is pinned to its own core (else NaN): who else ran there shows as the difference.
     */
    private static final class Cores {
        private final int relayCpu;
        private final int loadCpu;
        private final long[] start = new long[4];
        private final double[] percent = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};

        private Cores(int relayCpu, int loadCpu) {
            this.relayCpu = relayCpu;
            this.loadCpu = loadCpu;
        }

        static Cores of(ProcessProbe relay, ProcessProbe self) {
            int relayCpu = relay == null ? -1 : relay.pinnedCpu();
            int loadCpu = self.pinnedCpu();
            boolean apart = relayCpu >= 0 && loadCpu >= 0 && relayCpu != loadCpu;
            return apart ? new Cores(relayCpu, loadCpu) : new Cores(-1, -1);
        }

        void start() {
            if (relayCpu >= 0) {
                System.arraycopy(read(), 0, start, 0, start.length);
            }
        }

        void stop(long elapsedMillis) {
            if (relayCpu >= 0) {
                long[] end = read();
                for (int i = 0; i < end.length; i++) {
                    percent[i] = 100.0 * (end[i] - start[i]) / elapsedMillis;
                }
            }
        }

        /** Relay's core busy and softirq, load generator's core busy and softirq. */
        private long[] read() {
            return new long[] {ProcessProbe.coreBusyMillis(relayCpu),
                ProcessProbe.coreSoftirqMillis(relayCpu), ProcessProbe.coreBusyMillis(loadCpu),
                ProcessProbe.coreSoftirqMillis(loadCpu)};
        }

        LoadResult.Cpu cpu(double relayPercent, double loadPercent, double machinePercent) {
            return new LoadResult.Cpu(relayPercent, loadPercent, percent[0], percent[1],
                    percent[2], percent[3], machinePercent);
        }
    }

    /** What one subscribing connection received, per publisher. */
    private static final class Receiver {
        final String channel;
        final ConcurrentHashMap<Integer, SequenceTracker> trackers = new ConcurrentHashMap<>();

        Receiver(String channel) {
            this.channel = channel;
        }

        SequenceTracker tracker(int publisher) {
            return trackers.computeIfAbsent(publisher, p -> new SequenceTracker());
        }
    }

    /** One publishing connection and its sequence numbers. */
    private final class Publisher {
        final int index;
        final ScConnection connection;
        final String channel;
        final int fanOut;
        // Deliveries received, plus fanOut for each refused publish (so the window moves on).
        private final LongAdder deliveries = new LongAdder();
        private long sent;
        private long refused;

        Publisher(int index, ScConnection connection, String channel, int fanOut) {
            this.index = index;
            this.connection = connection;
            this.channel = channel;
            this.fanOut = fanOut;
        }

        synchronized long published() {
            return sent;
        }

        /** Publishes the relay accepted (or did not refuse): each owed to every subscriber. */
        synchronized long owed() {
            return sent - refused;
        }

        /** At maximum rate: another delivery arrived, so the window may have room. */
        void delivered() {
            deliveries.increment();
            if (spec.ratePerSecond() == 0) {
                pump();
            }
        }

        /** At maximum rate: publishes while fewer than a window of messages is in flight. */
        synchronized void pump() {
            while (publishing && fanOut > 0 && sent - deliveries.sum() / fanOut < spec.window()) {
                publishOne();
            }
        }

        synchronized void publishOne() {
            long sequence = sent++;
            String data = Stamp.json(index, sequence, Stamp.now(), spec.payloadBytes());
            connection.publish(channel, data).whenComplete((reply, failure) -> {
                if (failure != null) {
                    refused(failure);
                }
            });
        }

        private void refused(Throwable failure) {
            Throwable cause = ScConnection.rootCause(failure);
            errors.record(cause instanceof RelayErrorException
                    ? "publish refused: " + ((RelayErrorException) cause).name()
                    : "publish failed: " + cause.getClass().getSimpleName());
            synchronized (this) {
                refused++;
            }
            deliveries.add(fanOut);
            if (spec.ratePerSecond() == 0) {
                pump();
            }
        }
    }
}
