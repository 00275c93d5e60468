package dev.pfs.relay;

import dev.pfs.relay.config.RelaySettings;
import dev.pfs.relay.connection.Relay;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Starts the relay with the application: reads and validates the settings from MicroProfile
 * Config (invalid values fail the deployment, naming each bad key), wires metrics and schedules
 * the heartbeat.
 */
@ApplicationScoped
public class RelayRuntime {
    private static final Logger LOG = Logger.getLogger(RelayRuntime.class.getName());
    /** Threads that start sends (see OutboundQueue): one per core, as sending is CPU work. */
    private static final int SENDER_THREADS =
            Math.max(1, Runtime.getRuntime().availableProcessors());

    @Inject
    Config config;

    @Inject
    MetricRegistry metrics;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    private volatile Relay relay;
    private ExecutorService senders;
    /** The fast paths the newest session got (see {@link #fastPaths}); null before the first. */
    private volatile FastPaths newestSession;
    private ScheduledFuture<?> heartbeat;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        RelaySettings settings;
        try {
            settings = RelaySettings.from(key -> config.getOptionalValue(key, String.class));
        } catch (IllegalArgumentException e) {
            LOG.severe(e.getMessage());
            throw e;
        }
        // Plain pool threads (not a managed executor, which would capture the Jakarta EE context
        // anew for every task), made as the network layer's own (SenderThreads).
        senders = Executors.newFixedThreadPool(SENDER_THREADS, SenderThreads.orElse(threads));
        Relay started = new Relay(settings, new MicroProfileStats(metrics), scheduler, senders,
                System::nanoTime);
        MicroProfileStats.watch(metrics, started);
        long interval = settings.pingIntervalMillis();
        heartbeat = scheduler.scheduleAtFixedRate(() -> beat(started), interval, interval,
                TimeUnit.MILLISECONDS);
        relay = started;
        LOG.info(() -> "relay ready at /socketcluster/ with " + settings);
    }

    private static void beat(Relay relay) {
        try {
            relay.heartbeat();
        } catch (RuntimeException e) {
            // An escaping exception would cancel every later beat.
            LOG.log(Level.WARNING, "heartbeat failed", e);
        }
    }

    /** The running relay. */
    public Relay relay() {
        Relay current = relay;
        if (current == null) {
            throw new IllegalStateException("the relay has not started");
        }
        return current;
    }

    /** Records the fast paths a new session got. */
    void sessionOpened(FastPaths paths) {
        newestSession = paths;
    }

    /** The fast paths the newest session got, or empty before the first. */
    Optional<FastPaths> fastPaths() {
        return Optional.ofNullable(newestSession);
    }

    /**
     * The fast paths a session got; the health check reports them.
     *
     * @param idleTimerBypassed the container's per-frame idle timer is off
     *     ({@link IdleTimerBypass})
     * @param directFrameWrites frames go to the container's writer ({@link TyrusWriterPeer})
     * @param bulkUnmasking the container reads the session unmasked ({@link UnmaskedReads})
     */
    record FastPaths(boolean idleTimerBypassed, boolean directFrameWrites,
            boolean bulkUnmasking) {
    }

    /** True once start-up completed. */
    public boolean isStarted() {
        return relay != null;
    }

    @PreDestroy
    void stop() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (senders != null) {
            senders.shutdown();
        }
        if (relay != null) {
            LOG.info("relay stopping with " + relay.openConnections() + " connections open");
        }
    }
}
