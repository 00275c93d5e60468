package dev.pfs.relay.connection;

import dev.pfs.relay.wire.RelayError;

/** What the relay counts; the container adapter backs it with MicroProfile Metrics. */
public interface RelayStats {
    /** A publish was accepted (rejected ones are counted by {@link #rejected}). */
    void publishReceived();

    /** Publish events queued to this many subscribers. */
    void delivered(int subscribers);

    /** A frame or connection was refused for this reason. */
    void rejected(RelayError error);

    /** A connection was closed because its outbound queue overflowed. */
    void overflowClosed();
}
