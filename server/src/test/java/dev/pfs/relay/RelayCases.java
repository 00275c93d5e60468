package dev.pfs.relay;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * What every group of relay test cases needs from the Arquillian class that deploys the relay.
 * The groups are interfaces so one test class, hence one Payara Micro start, runs them all.
 */
interface RelayCases {
    AtomicInteger CHANNELS = new AtomicInteger();

    /** The deployed application's base URL. */
    URL base();

    /** The relay's WebSocket address. */
    default URI relay() {
        return URI.create("ws://" + base().getHost() + ":" + base().getPort() + "/socketcluster/");
    }

    /** A channel name no other test uses. */
    default String freshChannel(String purpose) {
        return purpose + "-" + CHANNELS.incrementAndGet();
    }

    /** GETs a path of the server; returns the response whatever its status. */
    default HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://" + base().getHost() + ":" + base().getPort() + path);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(TestClient.TIMEOUT_SECONDS)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The relay WAR as built, configured by payara-config/ only. */
    static WebArchive builtWar() {
        return ShrinkWrap.createFromZipFile(WebArchive.class,
                new File(System.getProperty("relay.war")));
    }

    /**
     * The relay WAR with settings that override payara-config/ (an application config source
     * with a higher ordinal than the system properties).
     */
    static WebArchive warWith(String... settings) {
        String properties = "config_ordinal=500\n" + String.join("\n", settings) + "\n";
        return builtWar().addAsResource(new StringAsset(properties),
                "META-INF/microprofile-config.properties");
    }
}
