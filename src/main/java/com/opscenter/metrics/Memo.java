package com.opscenter.metrics;

import java.time.Duration;
import java.util.function.Supplier;

/** A value computed at most once per {@code ttl}, so that one scrape reading many gauges costs one query. */
final class Memo<T> {

    private final long ttlNanos;
    private final Supplier<T> compute;
    private T value;
    private long computedAt;
    private boolean present;

    Memo(Duration ttl, Supplier<T> compute) {
        this.ttlNanos = ttl.toNanos();
        this.compute = compute;
    }

    synchronized T get() {
        var now = System.nanoTime();
        if (!present || now - computedAt >= ttlNanos) {
            value = compute.get();
            computedAt = now;
            present = true;
        }
        return value;
    }

    synchronized void invalidate() {
        present = false;
    }
}
