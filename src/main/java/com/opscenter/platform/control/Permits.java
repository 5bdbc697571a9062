package com.opscenter.platform.control;

import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * At most {@code limit} holders at once, and no waiting: a caller beyond the limit is told so at once instead of
 * queueing behind work that may take minutes.
 */
public final class Permits {

    private final int limit;
    private final Semaphore semaphore;

    public Permits(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a limit of " + limit + " permits");
        }
        this.limit = limit;
        this.semaphore = new Semaphore(limit);
    }

    public int limit() {
        return limit;
    }

    public int inUse() {
        return limit - semaphore.availablePermits();
    }

    /** A permit until the handle is closed, or empty when {@code limit} are taken. */
    public Optional<Permit> tryAcquire() {
        return semaphore.tryAcquire() ? Optional.of(new Permit()) : Optional.empty();
    }

    /** Closing more than once gives the permit back once. */
    public final class Permit implements AutoCloseable {
        private boolean released;

        private Permit() {}

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                semaphore.release();
            }
        }
    }
}
