package dev.pfs.browser;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.teavm.interop.Async;
import org.teavm.interop.AsyncCallback;

/**
 * Runs tasks one at a time, in the order they were posted, on one TeaVM thread.
 *
 * <p>Why: WebCrypto and IndexedDB calls suspend the calling thread until a promise settles, which
 * TeaVM allows only on a thread of its own, never in a JavaScript event handler. Event handlers
 * therefore only {@link #post} work here. Running one task at a time also means the protocol core
 * sees one event at a time, even while a task waits for the browser.
 */
public final class EventLoop implements Executor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final Consumer<Throwable> onFailure;
    private AsyncCallback<Void> idle;

    /** @param onFailure told about a task that threw; the loop goes on with the next task */
    public EventLoop(Consumer<Throwable> onFailure) {
        this.onFailure = onFailure;
    }

    /** Starts the thread that runs the tasks. */
    public void start() {
        new Thread(this::run, "pfs-event-loop").start();
    }

    /** Queues a task; safe to call from a JavaScript event handler. */
    public void post(Runnable task) {
        tasks.add(task);
        AsyncCallback<Void> waiting = idle;
        if (waiting != null) {
            idle = null;
            waiting.complete(null);
        }
    }

    @Override
    public void execute(Runnable task) {
        post(task);
    }

    private void run() {
        while (true) {
            awaitTask();
            Runnable task = tasks.poll();
            try {
                task.run();
            } catch (Throwable e) {
                onFailure.accept(e);
            }
        }
    }

    @Async
    private native Void awaitTask();

    private void awaitTask(AsyncCallback<Void> callback) {
        if (tasks.isEmpty()) {
            idle = callback;
        } else {
            callback.complete(null);
        }
    }
}
