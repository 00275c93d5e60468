package dev.pfs.relay;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The relay as built, with payara-config/ as the run command uses it, on one Payara Micro that
 * every case group below shares.
 */
@ExtendWith(ArquillianExtension.class)
class RelayIT implements ChannelCases, BadInputCases, BackPressureCases, OperationsCases,
        Protocol2InteropCases {
    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive relayWar() {
        return RelayCases.builtWar();
    }

    @Override
    public URL base() {
        return base;
    }
}
