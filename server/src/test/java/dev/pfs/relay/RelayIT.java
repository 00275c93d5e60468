package dev.pfs.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
class RelayIT {
    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive relay() {
        return ShrinkWrap.createFromZipFile(WebArchive.class,
                new File(System.getProperty("relay.war")));
    }

    @Test
    void publish_reachesSubscriber() throws Exception {
        Client client = Client.connect(base);
        client.send("{\"event\":\"#handshake\",\"data\":{},\"cid\":1}");
        assertEquals(1, client.next().getInt("rid"));
        client.send("{\"event\":\"#subscribe\",\"data\":{\"channel\":\"a\"},\"cid\":2}");
        assertEquals(2, client.next().getInt("rid"));
        client.send("{\"event\":\"#publish\",\"data\":{\"channel\":\"a\",\"data\":[1]},\"cid\":3}");
        JsonObject first = client.next();
        JsonObject second = client.next();
        JsonObject delivery = first.containsKey("event") ? first : second;
        assertEquals("{\"channel\":\"a\",\"data\":[1]}", delivery.get("data").toString());
    }

    /** A plain JDK WebSocket client that queues every text frame it receives. */
    private static final class Client implements WebSocket.Listener {
        private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Client connect(URL base) throws Exception {
            Client client = new Client();
            URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/socketcluster/");
            client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, client).get(10, TimeUnit.SECONDS);
            return client;
        }

        void send(String text) throws Exception {
            socket.sendText(text, true).get(10, TimeUnit.SECONDS);
        }

        JsonObject next() throws InterruptedException {
            String text = frames.poll(10, TimeUnit.SECONDS);
            if (text == null) {
                throw new AssertionError("no frame within 10 s");
            }
            return Json.createReader(new StringReader(text)).readObject();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
