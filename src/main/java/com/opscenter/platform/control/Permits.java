package com.opscenter.platform.control;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code limit} holders at once. For work that may take minutes, no waiting: a caller beyond the limit is
 * told so at once instead of queueing behind it. For short work that many callers ask for at once, a line
 * ({@link #inLine}): callers wait their turn in arrival order, for a bounded time.
 */
public final class Permits {

    private final int limit;
    private final Semaphore semaphore;

    public Permits(int limit) {
        this(limit, false);
    }

    private Permits(int limit, boolean fair) {
        if (limit < 0) {
            throw new IllegalArgumentException("a limit of " + limit + " permits");
        }
        this.limit = limit;
        this.semaphore = new Semaphore(limit, fair);
    }

    /** Permits that callers wait for in arrival order ({@link #await}). */
    public static Permits inLine(int limit) {
        return new Permits(limit, true);
    }

    public int limit() {
        return limit;
    }

    public int inUse() {
        return limit - semaphore.availablePermits();
    }

    /** Callers waiting in line for a permit (an estimate, as the JDK's). */
    public int waiting() {
        return semaphore.getQueueLength();
    }

    /** A permit until the handle is closed, or empty when {@code limit} are taken. */
    public Optional<Permit> tryAcquire() {
        return semaphore.tryAcquire() ? Optional.of(new Permit()) : Optional.empty();
    }

    /**
     * A permit once the callers ahead in line have had theirs, or empty when none came within {@code patience}. An
     * interrupted wait is empty too, with the thread's interrupt kept.
     */
    public Optional<Permit> await(Duration patience) {
        try {
            return semaphore.tryAcquire(patience.toNanos(), TimeUnit.NANOSECONDS)
                    ? Optional.of(new Permit())
                    : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
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
