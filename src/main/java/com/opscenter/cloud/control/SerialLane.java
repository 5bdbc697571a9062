package com.opscenter.cloud.control;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Runs its tasks one at a time, in order, on a shared executor, and holds no thread while nothing runs: a waiting
 * task is only an entry here. One lane per cloud target keeps a hung target's uploads from blocking another's.
 */
final class SerialLane {

    private final Executor executor;
    private final Queue<FutureTask<?>> tasks = new ArrayDeque<>();
    private boolean draining;

    SerialLane(Executor executor) {
        this.executor = executor;
    }

    <T> Future<T> submit(Callable<T> task) {
        var future = new FutureTask<>(task);
        synchronized (this) {
            tasks.add(future);
            if (draining) {
                return future;
            }
            draining = true;
        }
        try {
            executor.execute(this::drain);
        } catch (RuntimeException e) {
            synchronized (this) {
                draining = false;
                tasks.remove(future);
            }
            throw e;
        }
        return future;
    }

    private void drain() {
        while (true) {
            FutureTask<?> next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            next.run();
        }
    }
}
