package dev.pfs.jvm;

import dev.pfs.crypto.CryptoException;
import dev.pfs.crypto.jca.JcaCryptoSuite;
import dev.pfs.protocol.AbortReason;
import dev.pfs.protocol.Device;
import dev.pfs.protocol.DeviceConfig;
import dev.pfs.protocol.DeviceException;
import dev.pfs.protocol.DeviceListener;
import dev.pfs.protocol.ExchangeKind;
import dev.pfs.protocol.Fingerprints;
import dev.pfs.protocol.Invitation;
import dev.pfs.protocol.InvalidInvitationException;
import dev.pfs.protocol.PeerInfo;
import dev.pfs.protocol.Progress;
import dev.pfs.protocol.SentMessage;
import dev.pfs.protocol.StoreException;
import dev.pfs.transport.TransportListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The JVM device program: {@code java -jar pfs-device.jar invite|join LINK [options]}. It pairs
 * through the relay, prints each step, the SAS and the peer's fingerprint, then sends every line
 * of standard input as an encrypted message and prints what arrives, until standard input ends.
 *
 * <p>One thread runs the device; the transport, the timer and the standard input reader only
 * put events on its queue, so the device never sees two events at once.
 */
public final class DeviceMain {
    static final int EXIT_OK = 0;
    static final int EXIT_USAGE = 1;
    static final int EXIT_ABORTED = 2;
    static final int EXIT_FAILED = 3;

    private static final String USAGE = String.join("\n",
            "usage: java -jar pfs-device.jar (invite | join LINK) [options]",
            "",
            "  invite                 create an invitation, print its link, wait for a peer",
            "  join LINK              join the pairing of an invitation link",
            "",
            "options:",
            "  --relay URI            relay WebSocket (default ws://127.0.0.1:8080/socketcluster/)",
            "  --store PATH           device file (default ~/.pfs/device.json)",
            "  --name NAME            the name peers see (default: the host's user name)",
            "  --base-url URL         page that invitation links point to (default: the",
            "                         relay's page, e.g. http://127.0.0.1:8080/demo/pfs.html)",
            "  --json                 print one JSON object per event",
            "  --help                 print this text",
            "",
            "Each line typed is sent encrypted to the peer, once paired (lines typed earlier",
            "wait). End the input to quit: the program exits once the pairing is done and",
            "every line is sent, or when the pairing fails.");

    /** How long the program waits at exit for its last messages to leave. */
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);

    private final Options options;
    private final EventPrinter out;
    private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    /** Lines typed that cannot go yet: not paired, not connected, or in a re-key. */
    private final ArrayDeque<String> held = new ArrayDeque<>();
    private Device device;
    private String peerFingerprint;
    private boolean inputEnded;
    private int exitCode = -1;

    private DeviceMain(Options options, EventPrinter out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream stdout, PrintStream stderr) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            stderr.println("pfs-device: " + e.getMessage());
            stderr.println(USAGE);
            return EXIT_USAGE;
        }
        if (options.help) {
            stdout.println(USAGE);
            return EXIT_OK;
        }
        return new DeviceMain(options, new EventPrinter(stdout, options.json)).run();
    }

    private int run() {
        JcaCryptoSuite crypto = JcaCryptoSuite.create();
        FileDeviceStore store = new FileDeviceStore(options.store, crypto.signatures());
        SocketClusterTransport transport = new SocketClusterTransport(options.relay);
        DeviceConfig.Builder config = DeviceConfig.builder().deviceName(options.name)
                .invitationBaseUrl(options.baseUrl);
        device = new Device(config.build(), crypto, new JsonpCodec(), store, transport,
                System::currentTimeMillis, new Printer());
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "pfs-ticker");
            thread.setDaemon(true);
            return thread;
        });
        AutoCloseable storeLock = null;
        try {
            storeLock = store.lock();
            device.start();
            out.device(device.fingerprint(), options.store.toString(), options.relay.toString());
            if (options.invite) {
                Invitation invitation = device.invite();
                out.invitation(device.linkFor(invitation));
            } else {
                device.join(options.invitation);
            }
            transport.connect(new Queued());
            ticker.scheduleAtFixedRate(() -> events.add(device::tick), 250, 250,
                    TimeUnit.MILLISECONDS);
            startInputReader();
            while (exitCode < 0) {
                events.take().run();
                sendHeld();
            }
        } catch (StoreException | CryptoException | DeviceException e) {
            out.error(e.getMessage());
            exitCode = EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exitCode = EXIT_FAILED;
        } finally {
            ticker.shutdownNow();
            if (!transport.flushAndClose(FLUSH_TIMEOUT)) {
                out.error("the relay connection closed before every message had left");
            }
            unlock(storeLock);
        }
        return exitCode;
    }

    private void unlock(AutoCloseable storeLock) {
        if (storeLock == null) {
            return;
        }
        try {
            storeLock.close();
        } catch (Exception e) {
            // The process ends next, which lets go of the lock anyway; still say so.
            out.error("could not unlock the store: " + e.getMessage());
        }
    }

    private void startInputReader() {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    String text = line;
                    events.add(() -> typed(text));
                }
            } catch (IOException e) {
                events.add(() -> out.error("standard input failed: " + e.getMessage()));
            }
            events.add(() -> inputEnded = true);
        }, "pfs-stdin");
        reader.setDaemon(true);
        reader.start();
    }

    private void typed(String text) {
        if (held.isEmpty() && canSend()) {
            send(text);
        } else {
            held.add(text);
            out.held(held.size(), whyHeld());
        }
    }

    /** Sends what waits once it can go; ends the program once the input ended and all went. */
    private void sendHeld() {
        while (!held.isEmpty() && canSend()) {
            send(held.poll());
        }
        if (inputEnded && held.isEmpty() && exitCode < 0 && peerFingerprint != null
                && !device.isPairing()) {
            exitCode = EXIT_OK;
        }
    }

    private boolean canSend() {
        if (peerFingerprint == null || !device.isConnected()
                || device.mustWaitToSend(peerFingerprint)) {
            return false;
        }
        for (PeerInfo peer : device.peers()) {
            if (peer.fingerprint().equals(peerFingerprint)) {
                return System.currentTimeMillis() < peer.sessionKeyExpiresAtMillis();
            }
        }
        return false;
    }

    private String whyHeld() {
        if (peerFingerprint == null) {
            return "not paired yet";
        } else if (!device.isConnected()) {
            return "not connected to the relay";
        }
        return "re-keying";
    }

    private void send(String text) {
        try {
            SentMessage sent = device.send(peerFingerprint, text);
            out.sent(sent.counter(), sent.ciphertextSize());
        } catch (DeviceException e) {
            out.error(e.getMessage() + "; the line was not sent");
        }
    }

    /** Hands the transport's events to the device's thread. */
    private final class Queued implements TransportListener {
        @Override
        public void onConnected() {
            events.add(device::onConnected);
        }

        @Override
        public void onDisconnected(String reason) {
            events.add(() -> device.onDisconnected(reason));
        }

        @Override
        public void onMessage(String channel, String data) {
            events.add(() -> device.onMessage(channel, data));
        }
    }

    /** The device's events, printed. */
    private final class Printer implements DeviceListener {
        @Override
        public void onConnectionChanged(boolean connected, String detail) {
            out.connection(connected, detail);
        }

        @Override
        public void onProgress(Progress progress) {
            out.progress(progress);
        }

        @Override
        public void onPaired(PeerInfo peer, String sas) {
            peerFingerprint = peer.fingerprint();
            out.paired("paired", peer, sas);
        }

        @Override
        public void onRekeyed(PeerInfo peer, String sas) {
            out.paired("rekeyed", peer, sas);
        }

        @Override
        public void onAborted(ExchangeKind kind, String fingerprint, AbortReason reason,
                String detail) {
            out.aborted(kind, reason, detail);
            if (kind == ExchangeKind.PAIRING && fingerprint != null
                    && fingerprint.equals(peerFingerprint)) {
                // A finished joiner whose inviter gave up after all: not paired any more.
                peerFingerprint = null;
            }
            if (kind == ExchangeKind.PAIRING && peerFingerprint == null) {
                exitCode = EXIT_ABORTED;
            }
        }

        @Override
        public void onMessage(PeerInfo peer, String text, long counter) {
            out.message(peer, text, counter);
        }

        @Override
        public void onMessageRejected(String from, AbortReason reason, String detail) {
            out.rejected(from, reason, detail);
        }
    }

    /**
     * The command line, parsed by hand: two commands and five options need no library. Every
     * value is checked here, before the program touches the store or the network.
     */
    static final class Options {
        boolean invite;
        String link;
        Invitation invitation;
        URI relay = URI.create("ws://127.0.0.1:8080/socketcluster/");
        Path store = FileDeviceStore.defaultPath();
        String name = System.getProperty("user.name", "jvm-device");
        String baseUrl;
        boolean json;
        boolean help;

        static Options parse(String[] args) {
            Options options = new Options();
            String command = null;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--help":
                    case "-h":
                        options.help = true;
                        break;
                    case "--json":
                        options.json = true;
                        break;
                    case "--relay":
                        options.relay = relay(value(args, ++i, arg));
                        break;
                    case "--store":
                        options.store = Path.of(value(args, ++i, arg));
                        break;
                    case "--name":
                        options.name = value(args, ++i, arg);
                        break;
                    case "--base-url":
                        options.baseUrl = value(args, ++i, arg);
                        break;
                    case "invite":
                    case "join":
                        if (command != null) {
                            throw new IllegalArgumentException("give one command, not "
                                    + command + " and " + arg);
                        }
                        command = arg;
                        if (arg.equals("join")) {
                            options.link = value(args, ++i, arg);
                        }
                        break;
                    default:
                        throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
            if (command == null && !options.help) {
                throw new IllegalArgumentException("expected a command: invite or join LINK");
            }
            options.invite = "invite".equals(command);
            if (options.link != null) {
                try {
                    options.invitation = Invitation.parse(options.link);
                } catch (InvalidInvitationException e) {
                    throw new IllegalArgumentException("invalid invitation: " + e.getMessage());
                }
            }
            if (options.baseUrl == null) {
                options.baseUrl = pageOf(options.relay);
            }
            try {
                DeviceConfig.builder().deviceName(options.name).invitationBaseUrl(
                        options.baseUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--name or --base-url: " + e.getMessage());
            }
            return options;
        }

        private static URI relay(String text) {
            URI uri;
            try {
                uri = new URI(text);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("--relay: not a URI: " + text);
            }
            if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("--relay: expected ws://HOST:PORT/PATH or"
                        + " wss://..., got " + text);
            }
            return uri;
        }

        /** The relay's own pairing page: same host and port, http for ws, https for wss. */
        static String pageOf(URI relay) {
            String scheme = "wss".equals(relay.getScheme()) ? "https" : "http";
            return scheme + "://" + relay.getRawAuthority() + "/demo/pfs.html";
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length || args[index].startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }
    }

    static String grouped(String fingerprint) {
        return Fingerprints.grouped(fingerprint);
    }
}
