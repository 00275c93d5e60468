package dev.pfs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pfs.jvm.SocketClusterTransport;
import dev.pfs.transport.TransportListener;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JVM transport against the deployed relay: publish, recovery from a cut connection, and a
 * relay that takes the connection and never answers.
 */
interface TransportCases extends DeployedRelay {
    /** Records transport events as lines: "connected", "disconnected", "channel data". */
    final class Events implements TransportListener {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final BlockingQueue<String> disconnectReasons = new LinkedBlockingQueue<>();

        @Override
        public void onConnected() {
            lines.add("connected");
        }

        @Override
        public void onDisconnected(String reason) {
            disconnectReasons.add(reason);
            lines.add("disconnected");
        }

        @Override
        public void onMessage(String channel, String data) {
            lines.add(channel + " " + data);
        }

        String next() throws InterruptedException {
            String line = lines.poll(30, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("no transport event within 30 s");
            }
            return line;
        }
    }

    @ParameterizedTest(name = "silent {0}")
    @EnumSource(SilentRelay.Silence.class)
    default void relayThatNeverAnswers_isLeftAfterTheHandshakeTimeout_andRetriedUntilItDoes(
            SilentRelay.Silence silence) throws Exception {
        Duration timeout = Duration.ofSeconds(2);
        try (SilentRelay fake = SilentRelay.silentFront(base().getPort(), silence)) {
            SocketClusterTransport device = new SocketClusterTransport(
                    URI.create("ws://127.0.0.1:" + fake.port() + "/socketcluster/"), timeout);
            SocketClusterTransport direct = new SocketClusterTransport(URI.create(relay()));
            Events received = new Events();
            Events sender = new Events();
            try {
                device.subscribe("silent-it");
                device.connect(received);

                assertEquals(silence, fake.awaitSilencedUpgrade());
                assertEquals("disconnected", received.next());
                assertEquals("the relay did not answer " + (silence
                        == SilentRelay.Silence.AFTER_UPGRADE ? "the handshake"
                                : "the WebSocket upgrade") + " within 2000 ms",
                        received.disconnectReasons.poll());
                fake.answer();
                assertEquals("connected", received.next());
                direct.connect(sender);
                assertEquals("connected", sender.next());
                direct.publish("silent-it", "{\"n\":1}");
                assertEquals("silent-it {\"n\":1}", received.next());
                assertNull(received.lines.poll(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS),
                        "a connection that is ready outlives the handshake timeout");
            } finally {
                device.close();
                direct.close();
            }
        }
    }

    @Test
    default void cutConnection_reconnectsAndResubscribes() throws Exception {
        try (TcpProxy proxy = TcpProxy.to(base().getPort())) {
            SocketClusterTransport viaProxy = new SocketClusterTransport(
                    URI.create("ws://127.0.0.1:" + proxy.port() + "/socketcluster/"));
            SocketClusterTransport direct = new SocketClusterTransport(URI.create(relay()));
            Events received = new Events();
            Events sender = new Events();
            try {
                viaProxy.subscribe("transport-it");
                viaProxy.connect(received);
                direct.connect(sender);
                assertEquals("connected", received.next());
                assertEquals("connected", sender.next());

                direct.publish("transport-it", "{\"n\":1,\"s\":\"\u00e9\"}");
                assertEquals("transport-it {\"n\":1,\"s\":\"\u00e9\"}", received.next());

                proxy.cut();
                assertEquals("disconnected", received.next());
                assertEquals("connected", received.next());
                direct.publish("transport-it", "{\"n\":2}");
                assertEquals("transport-it {\"n\":2}", received.next());
            } finally {
                viaProxy.close();
                direct.close();
            }
        }
    }
}
