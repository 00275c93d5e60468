package dev.pfs.bench;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The short soak (30 s) against the relay WAR on a real Payara Micro: 200 connections, 100
 * channels, subscribe/unsubscribe churn; nothing owed may be lost, nothing duplicated, reordered
 * or delivered after an unsubscribe, and the relay's live heap must stay flat.
 */
@ExtendWith(ArquillianExtension.class)
class SoakIT {
    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive relay() {
        return ShrinkWrap.createFromZipFile(WebArchive.class,
                new File(System.getProperty("relay.war")));
    }

    @Test
    void shortSoak_losesDuplicatesAndReordersNothingAndKeepsMemoryFlat() throws Exception {
        URI relay = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/socketcluster/");
        Soak.Settings settings = Soak.Settings.standard(Duration.ofSeconds(30));

        Soak.Report report = Soak.run(settings, Target.of("relay", relay, payaraPid()),
                System.out);

        System.out.println("short soak: " + report);
        SoakLedger.Verdict verdict = report.verdict();
        assertAll(
                () -> assertTrue(verdict.mustDeliver() >= 5_000,
                        "too little was owed to prove anything: " + verdict),
                () -> assertTrue(verdict.unsubscribes() >= 500, "too little churn: " + verdict),
                () -> assertEquals(0, verdict.lost(), verdict.toString()),
                () -> assertEquals(0, verdict.duplicated(), verdict.toString()),
                () -> assertEquals(0, verdict.outOfOrder(), verdict.toString()),
                () -> assertEquals(0, verdict.stray(), verdict.toString()),
                () -> assertEquals(0, report.errors().total(), report.errors().toString()),
                () -> assertTrue(report.memoryFlat(), report.memoryVerdict()));
    }

    /** The Payara Micro the Arquillian adapter started: a child of this JVM. */
    private static long payaraPid() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("payara-micro"))
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new AssertionError("no Payara Micro process below this JVM"));
    }
}
