package com.opscenter.storage.control;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads every volume walk runs on, one bounded set for all of them: walks of many volumes at once share
 * it instead of adding threads per volume, and a single walk gets all of it. A walk is one task (its first
 * thread) plus helper tasks for the threads that are free; tasks beyond the bound wait their turn in order.
 * Threads come from the factory handed in (the server's ManagedThreadFactory) and end after a minute idle.
 *
 * <p>They run at the lowest priority: a walk is background work that may take every core for minutes, and the
 * requests that arrive meanwhile must not queue behind it (issue 13: health p99 under 16 clients during a
 * re-walk). Where the JVM maps priorities to the OS (HotSpot's -XX:ThreadPriorityPolicy=1 in jvm.options, which
 * the server's root user may use), that is nice 4; a walk alone still gets every idle core.
 */
public final class WalkThreads implements Executor, AutoCloseable {

    private final ThreadPoolExecutor pool;

    public WalkThreads(int threads, ThreadFactory factory) {
        if (threads < 1) {
            throw new IllegalArgumentException("storage.walk.threads must be at least 1, not " + threads);
        }
        ThreadFactory lowPriority = task -> {
            var thread = factory.newThread(task);
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        };
        pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), lowPriority);
        pool.allowCoreThreadTimeOut(true);
    }

    public int threads() {
        return pool.getMaximumPoolSize();
    }

    /** Helpers one walk asks for besides the thread it runs on. */
    int helpersPerWalk() {
        return threads() - 1;
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    /** Interrupts running walks (they stop at their next entry and answer nothing) and ends the threads. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
