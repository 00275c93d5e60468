package dev.pfs.relay;

import org.junit.jupiter.api.Test;

/** socketcluster-client 20.x, protocol 2, against the relay as configured by payara-config/. */
interface Protocol2InteropCases extends InteropCases {
    @Test
    default void socketclusterClient20_subscribesPublishesReceivesAndSeesErrors()
            throws Exception {
        assertNodeClientWorks("20", 0);
    }
}
