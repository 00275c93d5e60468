package dev.pfs.relay;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Takes the container's per-frame idle-timeout task off the relay's send and receive paths.
 *
 * <p>Why: Tyrus 2.1 (Payara 6's WebSocket implementation) cancels and schedules a session's
 * idle-timeout task on every frame it sends or receives, even when the session has no idle
 * timeout, and then runs that task at once to find there is nothing to do. Its scheduler is
 * Payara's managed scheduled executor, which captures the Jakarta Concurrency context of every
 * task and so scans the application's class path for service files: under fan-out that was half
 * of the relay's CPU time (performance.md). The relay closes silent connections with its own
 * heartbeat, so it gives each session no idle timeout and a scheduler that answers the one-shot
 * tasks of a session without an idle timeout with a future that never runs. Anything else still
 * goes to the container's scheduler.
 *
 * <p>Tyrus offers no setting for this, so the scheduler is set in the session's private field
 * by reflection. Where the field is not there (another container or version), the session is
 * left as it was, the relay works as before, only slower, and a warning says so once.
 */
final class IdleTimerBypass extends AbstractExecutorService implements ScheduledExecutorService {
    private static final Logger LOG = Logger.getLogger(IdleTimerBypass.class.getName());
    private static final String TYRUS_SESSION = "org.glassfish.tyrus.core.TyrusSession";
    /** TyrusSession's scheduler field, found once from the first session. */
    private static final AtomicReference<Optional<Field>> SCHEDULER = new AtomicReference<>();

    private final Session session;
    private final ScheduledExecutorService container;

    private IdleTimerBypass(Session session, ScheduledExecutorService container) {
        this.session = session;
        this.container = container;
    }

    /**
     * Gives the session no idle timeout and, where the container allows it, the bypass.
     *
     * @return true if the bypass is installed
     */
    static boolean install(Session session) {
        Optional<Field> field = SCHEDULER.get();
        if (field == null) {
            field = findSchedulerField(session.getClass());
            if (SCHEDULER.compareAndSet(null, field) && field.isEmpty()) {
                LOG.warning("the WebSocket container (" + session.getClass().getName()
                        + ") keeps its per-frame idle timer, which costs CPU on every frame");
            }
        }
        boolean installed = field.isPresent()
                && field.get().getDeclaringClass().isInstance(session)
                && replaceScheduler(field.get(), session);
        // Only now: Tyrus schedules a new idle-timeout task when the timeout is set, and on the
        // container's scheduler that alone took a sixth of the CPU of opening a connection.
        session.setMaxIdleTimeout(0);
        return installed;
    }

    /** The bypass for a session whose container scheduler is {@code container}. */
    static ScheduledExecutorService wrap(Session session, ScheduledExecutorService container) {
        return new IdleTimerBypass(session, container);
    }

    private static boolean replaceScheduler(Field field, Session session) {
        try {
            if (field.get(session) instanceof ScheduledExecutorService scheduler) {
                if (!(scheduler instanceof IdleTimerBypass)) {
                    field.set(session, wrap(session, scheduler));
                }
                return true;
            }
            return false;
        } catch (IllegalAccessException e) {
            throw new AssertionError("the field was made accessible", e);
        }
    }

    /** The scheduler field of Tyrus's session class, if the session is one. */
    static Optional<Field> findSchedulerField(Class<?> sessionClass) {
        Class<?> tyrusSession = sessionClass;
        while (tyrusSession != null && !tyrusSession.getName().equals(TYRUS_SESSION)) {
            tyrusSession = tyrusSession.getSuperclass();
        }
        if (tyrusSession == null) {
            return Optional.empty();
        }
        try {
            Field field = tyrusSession.getDeclaredField("service");
            if (field.getType() != ScheduledExecutorService.class) {
                return Optional.empty();
            }
            field.setAccessible(true);
            return Optional.of(field);
        } catch (NoSuchFieldException | RuntimeException e) {
            return Optional.empty(); // another Tyrus version: the warning says so
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (session.getMaxIdleTimeout() <= 0) {
            return NeverRuns.FUTURE; // the idle-timeout task of a session without one
        }
        return container.schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return container.schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay,
            long period, TimeUnit unit) {
        return container.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay,
            long delay, TimeUnit unit) {
        return container.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
        container.execute(command);
    }

    /** The container's scheduler is shared by every session: a session never shuts it down. */
    @Override
    public void shutdown() {
        throw new UnsupportedOperationException("the container's scheduler is shared");
    }

    @Override
    public List<Runnable> shutdownNow() {
        throw new UnsupportedOperationException("the container's scheduler is shared");
    }

    @Override
    public boolean isShutdown() {
        return container.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return container.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return container.awaitTermination(timeout, unit);
    }

    /** A task that was never scheduled: cancelled from the start. */
    private static final class NeverRuns implements ScheduledFuture<Object> {
        static final NeverRuns FUTURE = new NeverRuns();

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return true;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            throw new CancellationException("never scheduled");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new CancellationException("never scheduled");
        }
    }
}
