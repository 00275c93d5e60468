package dev.pfs.relay;

import dev.pfs.relay.connection.Relay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * MicroProfile Health checks ({@code /health/live}, {@code /health/ready}).
 * Live: the heartbeat ran within three ping intervals, so silent connections are still being
 * closed. Ready: the relay started and accepts another connection; its data also says whether
 * sessions run without the container's per-frame idle timer ({@link IdleTimerBypass}) and
 * write frames straight to its writer ({@link TyrusWriterPeer}).
 */
@ApplicationScoped
public class RelayHealth {
    private static final int MISSED_BEATS_ALLOWED = 3;

    @Inject
    RelayRuntime runtime;

    @Produces
    @Liveness
    HealthCheck heartbeat() {
        return () -> {
            if (!runtime.isStarted()) {
                return HealthCheckResponse.down("relay-heartbeat");
            }
            Relay relay = runtime.relay();
            long sinceMillis = TimeUnit.NANOSECONDS.toMillis(
                    System.nanoTime() - relay.lastHeartbeatNanos());
            long allowedMillis =
                    MISSED_BEATS_ALLOWED * (long) relay.settings().pingIntervalMillis();
            return HealthCheckResponse.named("relay-heartbeat")
                    .status(sinceMillis <= allowedMillis)
                    .withData("millisSinceLastBeat", sinceMillis)
                    .withData("allowedMillis", allowedMillis)
                    .build();
        };
    }

    @Produces
    @Readiness
    HealthCheck connections() {
        return () -> {
            if (!runtime.isStarted()) {
                return HealthCheckResponse.down("relay-connections");
            }
            Relay relay = runtime.relay();
            int max = relay.settings().maxConnections();
            return HealthCheckResponse.named("relay-connections")
                    .status(relay.openConnections() < max)
                    .withData("open", relay.openConnections())
                    .withData("max", max)
                    .withData("channels", relay.channelCount())
                    .withData("containerIdleTimer", runtime.fastPaths().map(path ->
                            path.idleTimerBypassed() ? "bypassed" : "per-frame")
                            .orElse("no session yet"))
                    .withData("frameWrites", runtime.fastPaths().map(path ->
                            path.directFrameWrites() ? "direct" : "standard")
                            .orElse("no session yet"))
                    .withData("inboundUnmasking", runtime.fastPaths().map(path ->
                            path.bulkUnmasking() ? "bulk" : "by the container")
                            .orElse("no session yet"))
                    .build();
        };
    }
}
