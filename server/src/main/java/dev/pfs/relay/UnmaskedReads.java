package dev.pfs.relay;

import jakarta.servlet.ServletInputStream;
import jakarta.websocket.Session;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Gives a session's container an input that arrives unmasked ({@link UnmaskingInputStream}).
 *
 * <p>Tyrus's servlet container reads an upgraded connection through the input stream held by its
 * upgrade handler, reached from the session's remote endpoint through its socket, its protocol
 * handler, its writer and that writer's upgrade handler, which in Tyrus 2.1 is a proxy holding
 * the handler that reads. The stream is replaced while
 * the session opens: Tyrus reads nothing until the session's {@code @OnOpen} has returned, so
 * every byte it reads passes through the replacement. Where that path is not there, the session
 * is left as it was and a warning says so once.
 */
final class UnmaskedReads {
    private static final Logger LOG = Logger.getLogger(UnmaskedReads.class.getName());
    private static final String[] PROXIED_PATH = {"webSocket", "protocolHandler", "writer",
        "tyrusHttpUpgradeHandler", "handler", "is"};
    private static final String[] PATH =
            {"webSocket", "protocolHandler", "writer", "tyrusHttpUpgradeHandler", "is"};
    /** The path from a session's async remote to its input, found from the first session. */
    private static final AtomicReference<Optional<FieldChain>> INPUT = new AtomicReference<>();

    private UnmaskedReads() {
    }

    /**
     * Replaces the session's input; call it from {@code @OnOpen}.
     *
     * @param maxPayloadBytes the largest data frame payload let through to the container
     * @param refused told of an unmasked or larger frame once it has been dropped
     * @return true if the container now reads the session unmasked
     */
    static boolean install(Session session, long maxPayloadBytes,
            UnmaskingInputStream.Refusals refused) {
        Object remote = session.getAsyncRemote();
        Optional<FieldChain> input = INPUT.get();
        if (input == null) {
            input = FieldChain.find(remote, PROXIED_PATH).or(() -> FieldChain.find(remote, PATH));
            if (INPUT.compareAndSet(null, input) && input.isEmpty()) {
                LOG.warning("no Tyrus upgrade handler input behind " + remote.getClass().getName()
                        + ": the container unmasks each inbound byte itself, which is slow");
            }
        }
        return input.isPresent() && input.get().replace(remote, ServletInputStream.class,
                raw -> raw instanceof UnmaskingInputStream ? raw
                        : new UnmaskingInputStream(raw, maxPayloadBytes, refused));
    }
}
