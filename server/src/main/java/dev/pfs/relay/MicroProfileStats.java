package dev.pfs.relay;

import dev.pfs.relay.connection.Relay;
import dev.pfs.relay.connection.RelayStats;
import dev.pfs.relay.wire.RelayError;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The relay's counters and gauges in the application's MicroProfile metric registry (served at
 * {@code /metrics?scope=application}). A plain object, not a CDI bean, so counting on the publish
 * path goes through no proxy. Every counter is registered at start-up, so each shows 0 until used.
 */
final class MicroProfileStats implements RelayStats {
    private final Counter publishes;
    private final Counter delivered;
    private final Counter overflowed;
    private final Map<RelayError, Counter> rejected = new EnumMap<>(RelayError.class);

    MicroProfileStats(MetricRegistry registry) {
        publishes = registry.counter(metadata("relay.publishes.received",
                "Publishes accepted from clients"));
        delivered = registry.counter(metadata("relay.messages.delivered",
                "Publish events queued to subscribers (one per subscriber)"));
        overflowed = registry.counter(metadata("relay.connections.overflowed",
                "Connections closed because their outbound queue overflowed"));
        Metadata rejectedMetadata = metadata("relay.inputs.rejected",
                "Frames and connections refused, by error name");
        for (RelayError error : RelayError.values()) {
            if (error.isInputError()) {
                rejected.put(error, registry.counter(rejectedMetadata,
                        new Tag("reason", error.errorName())));
            }
        }
    }

    /** Registers the gauges that read the relay's current state. */
    static void watch(MetricRegistry registry, Relay relay) {
        registry.gauge(metadata("relay.connections.open", "WebSocket connections open"),
                relay, Relay::openConnections);
        registry.gauge(metadata("relay.channels.subscribed",
                "Channels with at least one subscriber"), relay, Relay::channelCount);
    }

    private static Metadata metadata(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description)
                .withUnit(MetricUnits.NONE).build();
    }

    @Override
    public void publishReceived() {
        publishes.inc();
    }

    @Override
    public void delivered(int subscribers) {
        delivered.inc(subscribers);
    }

    @Override
    public void rejected(RelayError error) {
        rejected.get(error).inc();
    }

    @Override
    public void overflowClosed() {
        overflowed.inc();
    }
}
