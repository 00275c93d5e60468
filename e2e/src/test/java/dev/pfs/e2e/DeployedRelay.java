package dev.pfs.e2e;

import java.net.URL;
import java.nio.file.Path;

/**
 * What every group of end-to-end cases needs from the Arquillian class that deploys the relay.
 * The groups are interfaces so one test class, hence one Payara Micro start, runs them all.
 */
interface DeployedRelay {
    /** The deployed application's base URL. */
    URL base();

    /** A fresh folder for the test's files (device stores, process output). */
    Path directory();

    /** The relay's WebSocket address, as devices are given it. */
    default String relay() {
        return "ws://" + base().getHost() + ":" + base().getPort() + "/socketcluster/";
    }

    /** The base URL without its trailing slash. */
    default String root() {
        return base().toString().replaceAll("/$", "");
    }

    /** The browser device's page. */
    default String page() {
        return root() + "/demo/pfs.html";
    }
}
