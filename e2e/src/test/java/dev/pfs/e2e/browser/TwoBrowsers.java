package dev.pfs.e2e.browser;

/**
 * Two desktop Chromium browsers with separate profiles, as two people's: the first one's page is
 * the inviter, the second one's the joiner.
 */
public final class TwoBrowsers implements AutoCloseable {
    private final Chromium one;
    private final Chromium two;
    private PairingPage inviter;
    private PairingPage joiner;
    private String inviterFingerprint;
    private String joinerFingerprint;

    private TwoBrowsers(Chromium one, Chromium two) {
        this.one = one;
        this.two = two;
    }

    public static TwoBrowsers start() {
        Chromium one = Chromium.start();
        try {
            return new TwoBrowsers(one, Chromium.start());
        } catch (RuntimeException e) {
            one.close();
            throw e;
        }
    }

    /** Both browsers open the page, the first invites, the second joins: both paired. */
    public static TwoBrowsers startPaired(String page) {
        return startPaired(page, false);
    }

    /**
     * As {@link #startPaired(String)}, with the joiner's WebSockets watched
     * ({@link Chromium#watchWebSockets}) so that a test can delay or cut its frames.
     */
    public static TwoBrowsers startPairedWatchingTheJoiner(String page) {
        return startPaired(page, true);
    }

    private static TwoBrowsers startPaired(String page, boolean watchJoiner) {
        TwoBrowsers browsers = start();
        try {
            if (watchJoiner) {
                browsers.two.watchWebSockets();
            }
            PairingPage inviter = browsers.openInviter(page);
            PairingPage joiner = browsers.openJoiner(page);
            joiner.open(inviter.invite());
            inviter.waitUntilPaired();
            joiner.waitUntilPaired();
            browsers.inviterFingerprint = inviter.deviceFingerprint();
            browsers.joinerFingerprint = joiner.deviceFingerprint();
            return browsers;
        } catch (RuntimeException | Error e) {
            browsers.close();
            throw e;
        }
    }

    /** Opens the page in the first browser. */
    public PairingPage openInviter(String page) {
        inviter = new PairingPage(one.driver()).open(page);
        return inviter;
    }

    /** Opens the page in the second browser. */
    public PairingPage openJoiner(String page) {
        joiner = new PairingPage(two.driver()).open(page);
        return joiner;
    }

    public PairingPage inviter() {
        return inviter;
    }

    public PairingPage joiner() {
        return joiner;
    }

    /** The inviter's device fingerprint when {@link #startPaired} paired them. */
    public String inviterFingerprint() {
        return inviterFingerprint;
    }

    /** The joiner's device fingerprint when {@link #startPaired} paired them. */
    public String joinerFingerprint() {
        return joinerFingerprint;
    }

    public Chromium joinerBrowser() {
        return two;
    }

    @Override
    public void close() {
        try {
            one.close();
        } finally {
            two.close();
        }
    }
}
