package com.opscenter.platform.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The last answer of a health probe, kept for a while: anyone can call {@code /health} as often as they like,
 * and each call must not become a query, a Docker call or a disk walk. Callers that arrive while a probe runs
 * wait for its answer instead of starting another.
 */
public final class CachedProbe<T> {

    /** How long a probe's answer is served; short against a load balancer's probe interval. */
    public static final Duration TTL = Duration.ofSeconds(10);

    private final Supplier<T> probe;
    private final Clock clock;
    private final Duration ttl;
    private T last;
    private Instant at;

    public CachedProbe(Supplier<T> probe, Clock clock, Duration ttl) {
        this.probe = probe;
        this.clock = clock;
        this.ttl = ttl;
    }

    public synchronized T get() {
        var now = clock.instant();
        if (last == null || at == null || !now.isBefore(at.plus(ttl)) || now.isBefore(at)) {
            last = probe.get();
            at = clock.instant();
        }
        return last;
    }
}
