package dev.pfs.relay;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.glassfish.grizzly.attributes.AttributeBuilder;
import org.glassfish.grizzly.memory.MemoryManager;
import org.glassfish.grizzly.memory.ThreadLocalPool;
import org.glassfish.grizzly.memory.ThreadLocalPoolProvider;
import org.glassfish.grizzly.threadpool.DefaultWorkerThread;

/**
 * Makes the relay's sender threads (see {@code OutboundQueue}) the way Grizzly, Payara's network
 * layer, makes its own worker threads: each with a thread-local pool of write buffers.
 *
 * <p>Why: Grizzly takes the buffer for each write from the writing thread's pool, which only its
 * own worker threads have; on any other thread every write allocates a fresh buffer. With the
 * relay's writes on its sender threads, that was two thirds of everything the relay allocated,
 * and the garbage made collections frequent enough to show in the latency tail (performance.md).
 * The threads run only the relay's sends, which need no Jakarta EE context. Where Grizzly's
 * classes are out of the application's reach, the container's managed thread factory makes the
 * threads instead, and a warning says so once.
 */
final class SenderThreads implements ThreadFactory {
    private static final Logger LOG = Logger.getLogger(SenderThreads.class.getName());

    private final AtomicInteger count = new AtomicInteger();

    private SenderThreads() {
    }

    /** Grizzly worker threads where Grizzly is in reach, else threads from {@code fallback}. */
    static ThreadFactory orElse(ThreadFactory fallback) {
        try {
            SenderThreads grizzly = new SenderThreads();
            grizzly.newThread(() -> { }); // links Grizzly's classes now, not at the first send
            return grizzly;
        } catch (LinkageError e) {
            LOG.warning("Grizzly's worker threads are out of the application's reach: the relay's"
                    + " writes allocate a buffer each: " + e);
            return fallback;
        }
    }

    @Override
    public Thread newThread(Runnable task) {
        ThreadLocalPool<?> pool =
                MemoryManager.DEFAULT_MEMORY_MANAGER instanceof ThreadLocalPoolProvider provider
                        ? provider.createThreadLocalPool() : null;
        Thread thread = new DefaultWorkerThread(AttributeBuilder.DEFAULT_ATTRIBUTE_BUILDER,
                "relay-sender-" + count.incrementAndGet(), pool, task);
        thread.setDaemon(true);
        return thread;
    }
}
