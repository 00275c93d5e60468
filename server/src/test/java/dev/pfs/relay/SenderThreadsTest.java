package dev.pfs.relay;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.threadpool.DefaultWorkerThread;
import org.junit.jupiter.api.Test;

/** With Grizzly in reach the relay's sender threads carry its per-thread buffer pool. */
class SenderThreadsTest {
    @Test
    void withGrizzly_threadsAreWorkerThreadsWithABufferPool_andRunTheirTask() throws Exception {
        ThreadFactory fallback = task -> {
            throw new AssertionError("the fallback was used although Grizzly is in reach");
        };
        CountDownLatch ran = new CountDownLatch(1);
        Thread thread = SenderThreads.orElse(fallback).newThread(ran::countDown);

        DefaultWorkerThread worker = assertInstanceOf(DefaultWorkerThread.class, thread);
        assertNotNull(worker.getMemoryPool(), "no buffer pool");
        assertTrue(thread.isDaemon());
        thread.start();
        assertTrue(ran.await(10, TimeUnit.SECONDS));
    }
}
