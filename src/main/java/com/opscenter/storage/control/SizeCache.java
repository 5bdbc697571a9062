package com.opscenter.storage.control;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Walk results per volume path, served until {@code ttl} after the walk started. A TTL, not invalidation: a
 * change deep in a tree does not touch the root's modification time, so nothing cheaper tells a tree changed.
 * Callers asking for a volume while it is being walked wait for that walk instead of starting another.
 */
public final class SizeCache {

    private final Duration ttl;
    private final Clock clock;
    private final Function<Path, TreeStats> walk;
    private final ConcurrentMap<Path, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(Instant started, CompletableFuture<TreeStats> stats) {}

    public SizeCache(Duration ttl, Clock clock, Function<Path, TreeStats> walk) {
        this.ttl = ttl;
        this.clock = clock;
        this.walk = walk;
    }

    public TreeStats get(Path volume) {
        var now = clock.instant();
        var fresh = new Entry(now, new CompletableFuture<>());
        var entry = entries.compute(volume, (path, old) -> old != null && isUsable(old, now) ? old : fresh);
        if (entry == fresh) {
            try {
                fresh.stats().complete(walk.apply(volume));
            } catch (RuntimeException e) {
                entries.remove(volume, fresh); // the next caller tries again instead of inheriting the failure
                fresh.stats().completeExceptionally(e);
            }
        }
        return entry.stats().join();
    }

    /** The last finished walk of a volume, if any, without starting one: for metrics scraped often. */
    public Optional<TreeStats> cached(Path volume) {
        var entry = entries.get(volume);
        return entry == null || !entry.stats().isDone() || entry.stats().isCompletedExceptionally()
                ? Optional.empty()
                : Optional.of(entry.stats().join());
    }

    private boolean isUsable(Entry entry, Instant now) {
        return !entry.stats().isDone() || now.isBefore(entry.started().plus(ttl));
    }
}
