package dev.pfs.transport;

/**
 * A device's connection to the relay, in SocketCluster's terms: channels to subscribe to and
 * publish on. The relay keeps no history, so a message published while the peer is not
 * subscribed is lost; the protocol above copes by announcing itself on every (re)connect.
 *
 * <p>Implementations keep their subscriptions across reconnects and deliver every event to one
 * {@link TransportListener}, one event at a time.
 */
public interface Transport {
    /** Starts connecting; {@link TransportListener#onConnected()} follows once subscribed. */
    void connect(TransportListener listener);

    /**
     * Subscribes now if connected, else on the next connect; either way the channel stays
     * subscribed across reconnects until {@link #unsubscribe}. May be called before
     * {@link #connect}.
     */
    void subscribe(String channel);

    void unsubscribe(String channel);

    /**
     * Publishes a message to everybody subscribed to the channel (us too, if we are). While
     * disconnected the message may be dropped; the protocol resends what matters.
     *
     * @param data the message as JSON text; it travels as the JSON value of the publish
     */
    void publish(String channel, String data);

    /** Disconnects and stops reconnecting. */
    void close();
}
