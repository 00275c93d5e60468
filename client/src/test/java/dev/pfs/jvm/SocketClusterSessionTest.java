package dev.pfs.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketClusterSessionTest {
    private final SocketClusterSession session =
            new SocketClusterSession(new LinkedHashSet<>(List.of("a", "b")));

    @Test
    void handshake_thenSubscribesEveryChannel_andIsReadyWhenAllAreAcknowledged() {
        assertEquals("{\"event\":\"#handshake\",\"data\":{\"authToken\":null},\"cid\":1}",
                session.handshake());
        SocketClusterSession.Output afterHandshake = session.receive(
                "{\"rid\":1,\"data\":{\"id\":\"x\",\"pingTimeout\":30000,"
                        + "\"isAuthenticated\":false}}");
        assertEquals(List.of("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"a\"},\"cid\":2}",
                "{\"event\":\"#subscribe\",\"data\":{\"channel\":\"b\"},\"cid\":3}"),
                afterHandshake.frames);
        assertEquals(30000, afterHandshake.pingTimeoutMillis);
        assertFalse(afterHandshake.ready);
        assertFalse(session.receive("{\"rid\":2}").ready);
        assertTrue(session.receive("{\"rid\":3}").ready);
        assertTrue(session.isReady());
    }

    @Test
    void heartbeat_answersBothProtocolVersions() {
        assertEquals(List.of(""), session.receive("").frames);
        assertEquals(List.of("#2"), session.receive("#1").frames);
        assertEquals(List.of(), session.receive("#2").frames);
    }

    @Test
    void publish_embedsTheDataAsAJsonValue_andDeliveriesCarryItAsText() {
        assertEquals("{\"event\":\"#publish\",\"data\":{\"channel\":\"a\",\"data\":{\"v\":1}},"
                + "\"cid\":2}", session.publish("a", "{\"v\":1}"));
        SocketClusterSession.Output out = session.receive(
                "{\"event\":\"#publish\",\"data\":{\"channel\":\"a\",\"data\":{\"v\":1}}}");
        assertArrayEquals(new String[] {"a", "{\"v\":1}"}, out.messages.get(0));
    }

    @Test
    void refusedSubscription_isAFailureNamingTheChannel() {
        session.receive("{\"rid\":1,\"data\":{}}");
        SocketClusterSession.Output out = session.receive(
                "{\"rid\":3,\"error\":{\"name\":\"BadChannel\"}}");
        assertTrue(out.failure.startsWith("subscription to b refused"), out.failure);
    }

    @Test
    void subscribeBeforeHandshake_waitsForIt() {
        assertNull(session.subscribe("c"));
        assertEquals(3, session.receive("{\"rid\":1,\"data\":{}}").frames.size());
    }

    @Test
    void garbage_isAFailure() {
        assertTrue(session.receive("{not json").failure.contains("not a JSON object"));
    }
}
