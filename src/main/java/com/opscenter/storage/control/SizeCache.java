package com.opscenter.storage.control;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Walk results per volume path. A walk of a million files takes seconds, so no request waits for one that is
 * already running or that a refresh needs: once a volume was measured, callers get its last size with the
 * time its walk started, and a size older than {@code ttl} starts one walk in the background (one per volume at
 * a time, on {@code walks}). Only the caller that starts a volume's very first walk waits for it, at most
 * {@code firstWait}; after that it is told the size is still being measured. A TTL, not invalidation: a change
 * deep in a tree does not touch the root's modification time, so nothing cheaper tells a tree changed.
 */
public final class SizeCache {

    /** What a caller learns about a volume's size. */
    public enum State {
        /** Measured by a walk that started less than the TTL ago. */
        MEASURED,
        /** The last size known, older than the TTL; a new walk is running. */
        REFRESHING,
        /** Never measured yet and the first walk is still running: no size to give. */
        MEASURING
    }

    /** {@code stats} and {@code measuredAt} are null while {@link State#MEASURING}. */
    public record Size(TreeStats stats, Instant measuredAt, State state) {
        static final Size NOT_YET = new Size(null, null, State.MEASURING);
    }

    private final Duration ttl;
    private final Duration firstWait;
    private final Clock clock;
    private final Function<Path, TreeStats> walk;
    private final Executor walks;
    private final ConcurrentMap<Path, Volume> volumes = new ConcurrentHashMap<>();

    private record Measured(TreeStats stats, Instant started) {}

    /** A volume's last finished walk and the walk running now, if any; guarded by its own monitor. */
    private static final class Volume {
        Measured last;
        CompletableFuture<Measured> running;
    }

    public SizeCache(Duration ttl, Duration firstWait, Clock clock, Function<Path, TreeStats> walk, Executor walks) {
        this.ttl = ttl;
        this.firstWait = firstWait;
        this.clock = clock;
        this.walk = walk;
        this.walks = walks;
    }

    /** The volume's size now; waits only as {@link SizeCache} says. A failed first walk is rethrown. */
    public Size get(Path volume) {
        return getAll(List.of(volume)).get(0);
    }

    /**
     * The sizes of several volumes, their walks started together; whatever waiting is allowed shares one
     * deadline, so many never-measured volumes cost one {@code firstWait}, not one each.
     */
    public List<Size> getAll(List<Path> paths) {
        return getAll(paths, firstWait);
    }

    /**
     * As {@link #getAll}, starting the walks that are due, but waiting for none: a volume whose first walk runs is
     * {@link State#MEASURING}. For answers served to anyone in a loop, such as the storage health.
     */
    public List<Size> getAllNow(List<Path> paths) {
        return getAll(paths, Duration.ZERO);
    }

    private List<Size> getAll(List<Path> paths, Duration wait) {
        var deadline = System.nanoTime() + wait.toNanos(); // real time: the Clock only dates the walks
        var pending = new ArrayList<CompletableFuture<Size>>(paths.size());
        for (var path : paths) {
            pending.add(lookup(path));
        }
        var sizes = new ArrayList<Size>(paths.size());
        for (var size : pending) {
            sizes.add(await(size, deadline));
        }
        return sizes;
    }

    /** The last finished walk of a volume, if any, without starting one: for metrics scraped often. */
    public Optional<Size> cached(Path volume) {
        var state = volumes.get(volume);
        if (state == null) {
            return Optional.empty();
        }
        synchronized (state) {
            return Optional.ofNullable(state.last).map(last -> size(last, state));
        }
    }

    private CompletableFuture<Size> lookup(Path path) {
        var state = volumes.computeIfAbsent(path, p -> new Volume());
        synchronized (state) {
            var last = state.last;
            if (last != null && clock.instant().isBefore(last.started().plus(ttl))) {
                return CompletableFuture.completedFuture(size(last, state));
            }
            if (state.running == null) {
                var started = start(path, state);
                if (last == null) {
                    // Ours is the first walk of this volume: the one wait allowed.
                    return started.thenApply(
                            measured -> new Size(measured.stats(), measured.started(), State.MEASURED));
                }
            }
            return CompletableFuture.completedFuture(last == null ? Size.NOT_YET : size(last, state));
        }
    }

    private static Size size(Measured measured, Volume state) {
        return new Size(
                measured.stats(), measured.started(), state.running == null ? State.MEASURED : State.REFRESHING);
    }

    /** Called holding the volume's monitor. */
    private CompletableFuture<Measured> start(Path path, Volume state) {
        var running = new CompletableFuture<Measured>();
        state.running = running;
        Runnable task = () -> {
            Measured measured = null;
            RuntimeException failure = null;
            try {
                var started = clock.instant();
                measured = new Measured(walk.apply(path), started);
            } catch (RuntimeException e) {
                failure = e; // not kept: the next caller starts another walk instead of inheriting the failure
            }
            synchronized (state) {
                state.running = null;
                if (measured != null) {
                    state.last = measured;
                }
            }
            if (measured != null) {
                running.complete(measured);
            } else {
                running.completeExceptionally(failure);
            }
        };
        try {
            walks.execute(task);
        } catch (RejectedExecutionException e) {
            state.running = null; // shutting down: the caller learns why, nothing stays marked as running
            running.completeExceptionally(e);
        }
        return running;
    }

    private static Size await(CompletableFuture<Size> size, long deadline) {
        // get, not join, also for a finished walk: join would wrap the walk's own failure in a CompletionException.
        try {
            return size.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Size.NOT_YET; // the walk goes on and the cache keeps its result for the next caller
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Size.NOT_YET;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new IllegalStateException("Walk failed", e.getCause());
        }
    }
}
