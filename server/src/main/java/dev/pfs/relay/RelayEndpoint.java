package dev.pfs.relay;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.StringReader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The server side of the SocketCluster protocol, at the path socketcluster-client uses. */
@ServerEndpoint("/socketcluster/")
public class RelayEndpoint {
    private static final Logger LOG = Logger.getLogger(RelayEndpoint.class.getName());
    private static final ConcurrentHashMap<String, Set<Session>> CHANNELS =
            new ConcurrentHashMap<>();

    @OnOpen
    public void onOpen(Session session) {
        LOG.fine(() -> "open " + session.getId());
    }

    @OnMessage
    public void onMessage(Session session, String text) throws IOException {
        if (text.isEmpty() || text.equals("#2")) {
            return;
        }
        if (text.equals("#1")) {
            send(session, "#2");
            return;
        }
        JsonObject frame;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            frame = reader.readObject();
        }
        String event = frame.getString("event", "");
        JsonValue data = frame.getOrDefault("data", JsonValue.NULL);
        JsonValue cid = frame.get("cid");
        switch (event) {
            case "#handshake":
                reply(session, cid, Json.createObjectBuilder()
                        .add("id", session.getId())
                        .add("pingTimeout", 20000)
                        .add("isAuthenticated", false).build());
                break;
            case "#subscribe":
                String channel = data.asJsonObject().getString("channel");
                CHANNELS.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(session);
                reply(session, cid, null);
                break;
            case "#unsubscribe":
                Set<Session> subscribers = CHANNELS.get(((jakarta.json.JsonString) data).getString());
                if (subscribers != null) {
                    subscribers.remove(session);
                }
                reply(session, cid, null);
                break;
            case "#publish":
                publish(data.asJsonObject());
                reply(session, cid, null);
                break;
            default:
                LOG.fine(() -> "ignored event " + event);
        }
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        CHANNELS.values().forEach(subscribers -> subscribers.remove(session));
    }

    private static void publish(JsonObject data) {
        Set<Session> subscribers = CHANNELS.get(data.getString("channel"));
        if (subscribers == null) {
            return;
        }
        String frame = Json.createObjectBuilder()
                .add("event", "#publish").add("data", data).build().toString();
        for (Session subscriber : subscribers) {
            send(subscriber, frame);
        }
    }

    private static void reply(Session session, JsonValue cid, JsonValue data) {
        if (cid == null) {
            return;
        }
        var builder = Json.createObjectBuilder().add("rid", cid);
        if (data != null) {
            builder.add("data", data);
        }
        send(session, builder.build().toString());
    }

    private static void send(Session session, String text) {
        synchronized (session) {
            try {
                session.getBasicRemote().sendText(text);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "send failed", e);
            }
        }
    }
}
