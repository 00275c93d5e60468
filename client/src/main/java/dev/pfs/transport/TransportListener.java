package dev.pfs.transport;

/** Receives a {@link Transport}'s events, one at a time, in the order they happened. */
public interface TransportListener {
    /**
     * Called after each successful connect or reconnect, once every channel subscribed so far is
     * subscribed again.
     */
    void onConnected();

    /** The connection dropped; the transport is trying to reconnect. */
    void onDisconnected(String reason);

    /**
     * A message published on a channel we subscribe to.
     *
     * @param data the published value as JSON text
     */
    void onMessage(String channel, String data);
}
