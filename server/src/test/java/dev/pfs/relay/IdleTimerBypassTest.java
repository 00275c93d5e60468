package dev.pfs.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler a session gets: idle-timeout tasks of a session without an idle timeout never
 * run; with a timeout, tasks go to the container's scheduler. (That Payara's sessions get it is
 * checked by RelayIT through the health check.)
 */
class IdleTimerBypassTest {
    private final AtomicLong maxIdleTimeout = new AtomicLong();
    private final ScheduledExecutorService container = Executors.newSingleThreadScheduledExecutor();

    /** A session whose only behaviour is its max idle timeout. */
    private final Session session = (Session) Proxy.newProxyInstance(
            Session.class.getClassLoader(), new Class<?>[] {Session.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "getMaxIdleTimeout" -> maxIdleTimeout.get();
                case "setMaxIdleTimeout" -> {
                    maxIdleTimeout.set((Long) args[0]);
                    yield null;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });

    @AfterEach
    void stopContainer() {
        container.shutdownNow();
    }

    @Test
    void withoutAnIdleTimeout_theTaskIsNeverRun() {
        ScheduledExecutorService bypass = IdleTimerBypass.wrap(session, container);
        Runnable mustNotRun = () -> {
            throw new AssertionError("the idle-timeout task ran");
        };
        ScheduledFuture<?> future = bypass.schedule(mustNotRun, 0, TimeUnit.MILLISECONDS);

        assertTrue(future.isCancelled());
        assertTrue(future.isDone());
        assertFalse(future.cancel(true));
    }

    @Test
    void withAnIdleTimeout_theContainerRunsTheTask() throws Exception {
        maxIdleTimeout.set(30_000);
        ScheduledExecutorService bypass = IdleTimerBypass.wrap(session, container);
        ScheduledFuture<?> future = bypass.schedule(() -> { }, 0, TimeUnit.MILLISECONDS);

        assertEquals(null, future.get(10, TimeUnit.SECONDS));
        assertFalse(future.isCancelled());
    }

    @Test
    void aSession_cannotShutTheSharedSchedulerDown() {
        ScheduledExecutorService bypass = IdleTimerBypass.wrap(session, container);
        assertThrows(UnsupportedOperationException.class, bypass::shutdown);
        assertThrows(UnsupportedOperationException.class, bypass::shutdownNow);
        assertFalse(container.isShutdown());
    }

    @Test
    void install_onASessionThatIsNotTyrus_givesNoIdleTimeoutAndReportsNoBypass() {
        maxIdleTimeout.set(30_000);
        assertFalse(IdleTimerBypass.install(session));
        assertEquals(0, maxIdleTimeout.get());
    }
}
