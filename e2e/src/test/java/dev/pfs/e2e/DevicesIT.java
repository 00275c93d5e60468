package dev.pfs.e2e;

import java.io.File;
import java.net.URL;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices pairing through the relay WAR on a real Payara Micro, one deployment for every case
 * group below (each Payara Micro start costs ~10 s): two pfs-device.jar processes, the JVM
 * transport through a connection that gets cut, and the browser device in headless Chromium.
 */
@ExtendWith(ArquillianExtension.class)
class DevicesIT implements JvmDeviceCases, TransportCases, BrowserDeviceCases {
    @ArquillianResource
    private URL base;

    @TempDir
    Path directory;

    /** The relay WAR as shipped, plus the contract-suite page under /test/ for these tests. */
    @Deployment(testable = false)
    static WebArchive relayWithContractPage() {
        WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class,
                new File(System.getProperty("relay.war")));
        File[] contractFiles = new File(System.getProperty("browser.contract.dir")).listFiles();
        if (contractFiles == null || contractFiles.length == 0) {
            throw new IllegalStateException("no contract page in "
                    + System.getProperty("browser.contract.dir") + "; build client first");
        }
        for (File file : contractFiles) {
            war.addAsWebResource(file, "test/" + file.getName());
        }
        return war;
    }

    @Override
    public URL base() {
        return base;
    }

    @Override
    public Path directory() {
        return directory;
    }
}
