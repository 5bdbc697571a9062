package com.opscenter.platform.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * An answer computed at most {@code maxAge} ago (counted from the start of its computation), for reads that any
 * caller may repeat in a loop. Once there is an answer no caller waits: the first one to find it older starts one
 * refresh on {@code refresher} and, like everyone arriving while it runs, gets the last answer (with
 * {@code Runnable::run} as refresher, that caller computes the new one and waits for it, and only the others do
 * not). Only the very
 * first answer is waited for, by every caller that arrives before it exists, and computed once. A computation that
 * fails is an answer too: its exception is rethrown to the callers of its window, so a component that is down is
 * asked once per window, and a recovery shows at the next refresh rather than never. {@code maxAge} zero turns the
 * cache off: every call computes its own answer.
 */
public final class RecentAnswer<T> {

    private final String name;
    private final Supplier<T> compute;
    private final Clock clock;
    private final Duration maxAge;
    private final Executor refresher;

    /** A computation's value or its failure. */
    private record Outcome<T>(T value, RuntimeException failure, Instant started) {
        T get() {
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }

    /** Volatile: a fresh answer is read without taking the lock, which every caller would otherwise queue on. */
    private volatile Outcome<T> last;

    private boolean refreshing;
    private CompletableFuture<Outcome<T>> first;

    public RecentAnswer(String name, Supplier<T> compute, Clock clock, Duration maxAge, Executor refresher) {
        this.name = name;
        this.compute = compute;
        this.clock = clock;
        this.maxAge = maxAge;
        this.refresher = refresher;
    }

    public T get() {
        if (maxAge.isZero() || maxAge.isNegative()) {
            return compute.get();
        }
        var current = last;
        if (current != null && young(current, clock.instant())) {
            return current.get();
        }
        CompletableFuture<Outcome<T>> pending;
        boolean computeFirst = false;
        Outcome<T> answer = null;
        synchronized (this) {
            if (last != null) {
                answer = last;
                if (!refreshing && !young(answer, clock.instant())) {
                    refreshing = true;
                    pending = null;
                } else {
                    return answer.get();
                }
            } else {
                if (first == null) {
                    first = new CompletableFuture<>();
                    computeFirst = true;
                }
                pending = first;
            }
        }
        if (pending == null) {
            startRefresh();
            synchronized (this) {
                answer = last; // new if the refresher ran it here (Runnable::run); the last one otherwise
            }
            return answer.get();
        }
        if (computeFirst) {
            try {
                var outcome = compute();
                synchronized (this) {
                    last = outcome;
                    first = null;
                }
                pending.complete(outcome);
            } catch (Error e) {
                synchronized (this) {
                    first = null;
                }
                pending.completeExceptionally(e); // so that the callers waiting for it do not hang
                throw e;
            }
        }
        return await(pending, name).get();
    }

    /** A clock set back would make the answer look young for that long: it counts as due. */
    private boolean young(Outcome<T> outcome, Instant now) {
        return now.isBefore(outcome.started.plus(maxAge)) && !now.isBefore(outcome.started);
    }

    /** Called by the caller that claimed the refresh. */
    private void startRefresh() {
        try {
            refresher.execute(this::refresh);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                refreshing = false; // shutting down: the next caller may try again
            }
        }
    }

    private void refresh() {
        try {
            var outcome = compute();
            synchronized (this) {
                last = outcome;
            }
        } finally {
            synchronized (this) {
                refreshing = false;
            }
        }
    }

    private Outcome<T> compute() {
        var started = clock.instant();
        try {
            return new Outcome<>(compute.get(), null, started);
        } catch (RuntimeException e) {
            return new Outcome<>(null, e, started);
        }
    }

    private static <T> T await(CompletableFuture<T> pending, String name) {
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the first " + name, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not compute the first " + name, e.getCause());
        }
    }
}
