package dev.pfs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pfs.jvm.SocketClusterTransport;
import dev.pfs.transport.TransportListener;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The JVM transport against the deployed relay: publish, and recovery from a cut connection. */
interface TransportCases extends DeployedRelay {
    /** Records transport events as lines: "connected", "disconnected", "channel data". */
    final class Events implements TransportListener {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        @Override
        public void onConnected() {
            lines.add("connected");
        }

        @Override
        public void onDisconnected(String reason) {
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
