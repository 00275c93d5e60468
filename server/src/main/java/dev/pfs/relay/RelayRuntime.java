package dev.pfs.relay;

import dev.pfs.relay.config.RelaySettings;
import dev.pfs.relay.connection.Relay;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
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

    @Inject
    Config config;

    @Inject
    MetricRegistry metrics;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    private volatile Relay relay;
    /** Whether the newest session got the {@link IdleTimerBypass}; null before the first. */
    private volatile Boolean idleTimerBypassed;
    private ScheduledFuture<?> heartbeat;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        RelaySettings settings;
        try {
            settings = RelaySettings.from(key -> config.getOptionalValue(key, String.class));
        } catch (IllegalArgumentException e) {
            LOG.severe(e.getMessage());
            throw e;
        }
        Relay started = new Relay(settings, new MicroProfileStats(metrics), scheduler,
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

    /** Records whether a new session's per-frame idle timer is off ({@link IdleTimerBypass}). */
    void sessionOpened(boolean idleTimerBypassed) {
        this.idleTimerBypassed = idleTimerBypassed;
    }

    /**
     * "bypassed" if the newest session has no per-frame idle timer, "per-frame" if it has one,
     * "no session yet" before the first.
     */
    String idleTimer() {
        Boolean bypassed = idleTimerBypassed;
        return bypassed == null ? "no session yet" : bypassed ? "bypassed" : "per-frame";
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
        if (relay != null) {
            LOG.info("relay stopping with " + relay.openConnections() + " connections open");
        }
    }
}
