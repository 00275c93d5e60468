package dev.pfs.relay.connection;

import dev.pfs.relay.channel.ChannelNameRule;
import dev.pfs.relay.channel.ChannelRegistry;
import dev.pfs.relay.config.RelaySettings;
import dev.pfs.relay.wire.FrameReader;
import dev.pfs.relay.wire.FrameRejectedException;
import dev.pfs.relay.wire.FrameWriter;
import dev.pfs.relay.wire.InboundFrame;
import dev.pfs.relay.wire.OutboundFrame;
import dev.pfs.relay.wire.RelayError;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server side of the SocketCluster protocol, independent of any container: it takes the
 * frames of each {@link Connection} and answers, subscribes and fans out publishes.
 *
 * <p>Threads: the frames of one connection arrive one at a time (the WebSocket container
 * guarantees that per session); different connections, the heartbeat and completions of sends
 * run concurrently. Nothing on the publish path takes a lock shared between connections.
 */
public final class Relay {
    private static final Logger LOG = Logger.getLogger(Relay.class.getName());
    /** RFC 6455 section 5.5: a close frame's payload is at most 125 bytes, 2 of them the code. */
    private static final int MAX_CLOSE_REASON_BYTES = 123;

    private final RelaySettings settings;
    private final RelayStats stats;
    private final Executor closer;
    private final Executor sender;
    private final LongSupplier nanoClock;
    private final FrameReader reader;
    private final FrameWriter writer = new FrameWriter();
    private final ChannelNameRule channelNames;
    private final ChannelRegistry<Connection> registry = new ChannelRegistry<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger openCount = new AtomicInteger();
    private final OutboundFrame ping;
    private final OutboundFrame pong = OutboundFrame.of("#2");
    private volatile long lastHeartbeatNanos;

    /**
     * @param closer runs the closing of connections, so a publisher that overflows a subscriber's
     *     queue does not close it on its own thread
     * @param sender starts the sending of queued frames (see {@link OutboundQueue}); a few
     *     threads of its own, never a container thread that handles frames
     * @param nanoClock monotonic time in nanoseconds, {@code System::nanoTime} outside tests
     */
    public Relay(RelaySettings settings, RelayStats stats, Executor closer, Executor sender,
            LongSupplier nanoClock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.closer = Objects.requireNonNull(closer, "closer");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.reader = new FrameReader(settings.maxNestingDepth());
        this.channelNames = settings.channelNames();
        this.ping = OutboundFrame.of(settings.protocolVersion() == 1 ? "#1" : "");
        this.lastHeartbeatNanos = nanoClock.getAsLong();
    }

    /**
     * Registers a new connection, or closes it at once with
     * {@link RelayError#TOO_MANY_CONNECTIONS} when the relay is full.
     */
    public Connection open(String id, Peer peer) {
        long now = nanoClock.getAsLong();
        TokenBucket publishBudget =
                new TokenBucket(settings.publishRatePerSecond(), settings.publishBurst(), now);
        Connection connection = new Connection(id, peer, this::newQueue, publishBudget, now);
        if (openCount.incrementAndGet() > settings.maxConnections()) {
            openCount.decrementAndGet();
            connection.startRelease(); // never counted, nothing to release
            stats.rejected(RelayError.TOO_MANY_CONNECTIONS);
            close(connection, RelayError.TOO_MANY_CONNECTIONS,
                    "the relay holds " + settings.maxConnections() + " connections; at most "
                            + settings.maxConnections());
            return connection;
        }
        connections.add(connection);
        LOG.fine(() -> connection + " opened");
        return connection;
    }

    private OutboundQueue newQueue(Peer peer, Connection connection) {
        return new OutboundQueue(peer, settings.outboundQueueFrames(), sender, failure -> {
            LOG.log(Level.FINE, connection + ": send failed", failure);
            connection.startClosing();
            release(connection);
        });
    }

    /** Handles one text frame from the connection. */
    public void receiveText(Connection connection, String text) {
        if (connection.isClosing()) {
            return;
        }
        connection.heard(nanoClock.getAsLong());
        if (isHeartbeat(connection, text)) {
            return;
        }
        try {
            checkSize(text);
            InboundFrame frame = reader.read(text);
            LOG.fine(() -> connection + " sent " + frame.event());
            dispatch(connection, frame);
        } catch (FrameRejectedException e) {
            reject(connection, e);
        }
    }

    /**
     * Counts and logs a frame the WebSocket container refused before the relay saw it (the
     * container closes the connection itself).
     *
     * @param connection the connection, or null if the container no longer tells which
     */
    public void refusedByContainer(Connection connection, RelayError error, String message) {
        stats.rejected(error);
        LOG.warning(() -> (connection == null ? "a connection" : connection.toString())
                + " rejected by the container: " + error.errorName() + ": " + message);
    }

    /** Handles the start of a binary frame: the protocol has none, so the connection is closed. */
    public void receiveBinary(Connection connection) {
        if (!connection.isClosing()) {
            reject(connection, new FrameRejectedException(RelayError.BINARY_FRAME,
                    InboundFrame.NO_CID, "expected text frames; got a binary frame"));
        }
    }

    /**
     * Handles a frame the connection's reader dropped unread, for {@code why}: a frame without
     * the client masking ({@link RelayError#UNMASKED_FRAME}) or a data frame whose header
     * announced more than {@code relay.maxFrameBytes} ({@link RelayError#FRAME_TOO_LARGE}). The
     * connection is closed.
     */
    public void receiveRefusedFrame(Connection connection, RelayError why, long announcedBytes) {
        if (connection.isClosing()) {
            return;
        }
        String message = why == RelayError.UNMASKED_FRAME
                ? "expected a masked frame, as RFC 6455 requires of clients; got an unmasked one"
                : "frame of " + announcedBytes + " bytes; at most " + settings.maxFrameBytes();
        reject(connection, new FrameRejectedException(why, InboundFrame.NO_CID, message));
    }

    /** The connection ended (either side closed it, or it broke): frees what it held. */
    public void closed(Connection connection) {
        connection.startClosing();
        connection.outbound.shutDown();
        release(connection);
    }

    /**
     * Pings every connection and closes those silent for longer than the ping timeout. Called
     * every ping interval.
     */
    public void heartbeat() {
        long now = nanoClock.getAsLong();
        lastHeartbeatNanos = now;
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(settings.pingTimeoutMillis());
        for (Connection connection : connections) {
            if (now - connection.lastHeardNanos() > timeoutNanos) {
                close(connection, RelayError.PING_TIMEOUT, "nothing received for "
                        + settings.pingTimeoutMillis() + " ms");
            } else {
                deliver(connection, ping);
            }
        }
    }

    /** Connections open now. */
    public int openConnections() {
        return openCount.get();
    }

    /** Channels with at least one subscriber now. */
    public int channelCount() {
        return registry.channelCount();
    }

    /** When {@link #heartbeat} last ran, on the relay's nanosecond clock. */
    public long lastHeartbeatNanos() {
        return lastHeartbeatNanos;
    }

    public RelaySettings settings() {
        return settings;
    }

    /** Protocol 1 pings "#1" and expects "#2"; protocol 2 pings and pongs "". Both pongs count. */
    private boolean isHeartbeat(Connection connection, String text) {
        if (text.isEmpty() || text.equals("#2")) {
            return true;
        }
        if (text.equals("#1")) {
            deliver(connection, pong); // a client pinging us, protocol 1 style
            return true;
        }
        return false;
    }

    private void checkSize(String text) {
        int max = settings.maxFrameBytes();
        // a char is 1 to 3 UTF-8 bytes: count the bytes only when the char count cannot decide
        if (text.length() > max || (text.length() > max / 3 && utf8Length(text) > max)) {
            throw new FrameRejectedException(RelayError.FRAME_TOO_LARGE, InboundFrame.NO_CID,
                    "frame of " + utf8Length(text) + " bytes; at most " + max);
        }
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    private void dispatch(Connection connection, InboundFrame frame) {
        if (frame.event().equals("#handshake")) {
            handshake(connection, frame);
            return;
        }
        if (!connection.isHandshaken()) {
            throw frame.reject(RelayError.HANDSHAKE_REQUIRED,
                    "expected #handshake first; got another event");
        }
        switch (frame.event()) {
            case "#subscribe" -> subscribe(connection, frame);
            case "#unsubscribe" -> unsubscribe(connection, frame);
            case "#publish" -> publish(connection, frame);
            default -> unknownEvent(connection, frame);
        }
    }

    private void handshake(Connection connection, InboundFrame frame) {
        JsonValue data = frame.data();
        if (data != null && data.getValueType() != JsonValue.ValueType.OBJECT
                && data != JsonValue.NULL) {
            throw frame.reject(RelayError.INVALID_DATA,
                    "expected #handshake data to be an object; got " + describe(data));
        }
        connection.handshake();
        if (frame.hasCid()) {
            deliver(connection, writer.handshake(frame.cid(), connection.id(),
                    settings.pingTimeoutMillis()));
        }
    }

    private void subscribe(Connection connection, InboundFrame frame) {
        String channel = channelOf(frame);
        if (!connection.channels.contains(channel)) {
            if (connection.channels.size() >= settings.maxSubscriptions()) {
                throw frame.reject(RelayError.TOO_MANY_SUBSCRIPTIONS, "subscribed to "
                        + connection.channels.size() + " channels; at most "
                        + settings.maxSubscriptions());
            }
            connection.channels.add(channel);
            registry.subscribe(channel, connection);
            if (connection.isClosing()) {
                registry.unsubscribe(channel, connection); // closed meanwhile: undo
            }
        }
        ack(connection, frame);
    }

    private void unsubscribe(Connection connection, InboundFrame frame) {
        if (!(frame.data() instanceof JsonString name)) {
            throw frame.reject(RelayError.INVALID_DATA,
                    "expected #unsubscribe data to be a channel name string; got "
                            + describe(frame.data()));
        }
        String channel = name.getString();
        channelNames.check(channel, frame.cid());
        if (connection.channels.remove(channel)) {
            registry.unsubscribe(channel, connection);
        }
        ack(connection, frame);
    }

    private void publish(Connection connection, InboundFrame frame) {
        String channel = channelOf(frame);
        if (!connection.publishBudget.tryTake(nanoClock.getAsLong())) {
            throw frame.reject(RelayError.PUBLISH_RATE, "more than "
                    + settings.publishRatePerSecond() + " publishes per second (burst "
                    + settings.publishBurst() + ")");
        }
        stats.publishReceived();
        List<Connection> subscribers = registry.subscribers(channel);
        if (!subscribers.isEmpty()) {
            // Written and encoded once; every subscriber's queue holds the same frame.
            OutboundFrame event = OutboundFrame.of(
                    writer.publish(channel, frame.data().asJsonObject().get("data"),
                            frame.textLength()));
            int queued = 0;
            for (Connection subscriber : subscribers) {
                queued += deliver(subscriber, event) ? 1 : 0;
            }
            stats.delivered(queued);
        }
        // Not yet: the relay keeps no backlog; a publish with no subscriber is dropped.
        ack(connection, frame);
    }

    private void unknownEvent(Connection connection, InboundFrame frame) {
        if (!frame.hasCid()) {
            LOG.fine(() -> connection + ": ignored unknown event without cid");
            return;
        }
        throw frame.reject(RelayError.UNKNOWN_EVENT, "unknown event; the relay handles "
                + "#handshake, #subscribe, #unsubscribe and #publish");
    }

    /** The checked channel name of a #subscribe or #publish: data {"channel": name, ...}. */
    private String channelOf(InboundFrame frame) {
        if (!(frame.data() instanceof JsonObject data)
                || !(data.get("channel") instanceof JsonString name)) {
            throw frame.reject(RelayError.INVALID_DATA, "expected " + frame.event()
                    + " data to be an object with a string channel; got "
                    + (frame.data() instanceof JsonObject data
                            ? "channel " + describe(data.get("channel")) : describe(frame.data())));
        }
        channelNames.check(name.getString(), frame.cid());
        return name.getString();
    }

    private static String describe(JsonValue value) {
        if (value == null) {
            return "none";
        }
        return switch (value.getValueType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case TRUE, FALSE -> "a boolean";
            case NULL -> "null";
        };
    }

    private void ack(Connection connection, InboundFrame frame) {
        if (frame.hasCid()) {
            deliver(connection, writer.ack(frame.cid()));
        }
    }

    private void reject(Connection connection, FrameRejectedException rejection) {
        RelayError error = rejection.error();
        stats.rejected(error);
        // Every rejection is counted; past a few a second, a connection's go to FINE, so a client
        // sending nothing but bad frames cannot flood the log.
        Level level = connection.rejectionLogBudget.tryTake(nanoClock.getAsLong())
                ? Level.WARNING : Level.FINE;
        LOG.log(level, () -> connection + " rejected: " + error.errorName() + ": "
                + rejection.getMessage());
        if (rejection.cid() != InboundFrame.NO_CID) {
            deliver(connection, writer.error(rejection.cid(), error, rejection.getMessage()));
        } else {
            close(connection, error, rejection.getMessage());
        }
    }

    private boolean deliver(Connection connection, String text) {
        return deliver(connection, OutboundFrame.of(text));
    }

    /** Queues a frame; a full queue closes the connection. True if the frame was queued. */
    private boolean deliver(Connection connection, OutboundFrame frame) {
        if (connection.outbound.offer(frame)) {
            return true;
        }
        close(connection, RelayError.OUTBOUND_OVERFLOW, settings.outboundQueueFrames()
                + " frames waiting; the connection reads too slowly");
        return false;
    }

    /** Stops sending to the connection, frees what it held and closes it on the closer. */
    private void close(Connection connection, RelayError error, String message) {
        if (!connection.startClosing()) {
            return;
        }
        connection.outbound.shutDown();
        release(connection);
        String reason = closeReason(error, message);
        if (error == RelayError.OUTBOUND_OVERFLOW) {
            // Counted past startClosing: publishers that find the queue full at the same moment
            // all call close, and only the first gets here.
            stats.overflowClosed();
            LOG.warning(() -> connection + " closed: " + reason);
        } else if (error == RelayError.PING_TIMEOUT) {
            LOG.fine(() -> connection + " closed: " + reason);
        }
        try {
            closer.execute(() -> connection.peer().close(error.closeCode(), reason));
        } catch (RejectedExecutionException e) {
            connection.peer().close(error.closeCode(), reason); // the closer is shutting down
        }
    }

    private void release(Connection connection) {
        if (!connection.startRelease()) {
            return;
        }
        connections.remove(connection);
        openCount.decrementAndGet();
        for (String channel : connection.channels) {
            registry.unsubscribe(channel, connection);
        }
        LOG.fine(() -> connection + " released");
    }

    /** "Name: message", cut to what a close frame can carry. */
    static String closeReason(RelayError error, String message) {
        String reason = error.errorName() + ": " + message;
        while (reason.getBytes(StandardCharsets.UTF_8).length > MAX_CLOSE_REASON_BYTES) {
            reason = reason.substring(0, reason.length() - 1);
        }
        return reason;
    }
}
