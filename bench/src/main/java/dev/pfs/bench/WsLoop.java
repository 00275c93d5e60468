package dev.pfs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One selector thread that does all the I/O of its {@link WsSocket}s: connects, reads, decodes
 * and hands each frame to its listener on this thread, and writes what did not fit into a
 * socket at once. One read buffer serves every connection of the loop, so an idle connection
 * costs no buffer.
 */
final class WsLoop implements AutoCloseable {
    /** Large enough for several 60 KiB frames per read, so a relay's batch needs few reads. */
    private static final int READ_BUFFER_BYTES = 256 * 1024;
    /** Reads of one connection per wake-up while the buffer comes back full: fairness. */
    private static final int READS_PER_WAKEUP = 4;

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Sockets with frames queued by this thread, written once the ready keys are done. */
    private final ArrayDeque<WsSocket> unflushed = new ArrayDeque<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private volatile boolean running = true;

    WsLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread: at once if already there, else soon. */
    void execute(Runnable task) {
        if (inLoop()) {
            task.run();
            return;
        }
        tasks.add(task);
        selector.wakeup();
    }

    /**
     * On the loop thread: {@code socket} has frames to write at the end of this round. Frames
     * that handling one read produces (publishes that a delivery lets out, pongs, acks) thus
     * leave in one write instead of one each.
     */
    void flushLater(WsSocket socket) {
        unflushed.add(socket);
    }

    /** Makes the loop notice an interest change made from another thread. */
    void wakeup() {
        if (!inLoop()) {
            selector.wakeup();
        }
    }

    private void run() {
        while (running) {
            try {
                selector.select(this::ready);
            } catch (IOException | RuntimeException e) {
                // A selector that fails once fails for good; the sockets learn it at close.
                System.err.println("[bench] selector failed: " + e);
                return;
            }
            for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                task.run();
            }
            for (WsSocket socket = unflushed.poll(); socket != null; socket = unflushed.poll()) {
                socket.flushQueued();
            }
        }
    }

    private void ready(SelectionKey key) {
        WsSocket socket = (WsSocket) key.attachment();
        try {
            int ops = key.readyOps();
            if ((ops & SelectionKey.OP_CONNECT) != 0) {
                socket.onConnectable();
            }
            if ((ops & SelectionKey.OP_READ) != 0 && key.isValid()) {
                for (int i = 0; i < READS_PER_WAKEUP && socket.onReadable(readBuffer); i++) {
                    // The buffer came back full: more may be waiting.
                }
            }
            if ((ops & SelectionKey.OP_WRITE) != 0 && key.isValid()) {
                socket.onWritable();
            }
        } catch (IOException | RuntimeException e) {
            socket.fail(e);
        }
    }

    /** Stops the thread; the caller closes the sockets. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            selector.close();
        } catch (IOException e) {
            // Nothing is left to read from it.
        }
    }
}
