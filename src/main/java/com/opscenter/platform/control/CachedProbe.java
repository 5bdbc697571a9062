package com.opscenter.platform.control;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The last answer of a health probe, kept for a while: anyone can call {@code /health} as often as they like, and
 * each call must not become a query, a Docker call or a disk walk. Once the answer is due, one refresh runs on the
 * executor while callers keep getting the last answer, so a probe that hangs up to its timeout holds up nobody
 * (see {@link RecentAnswer}); only the very first answer is waited for.
 */
public final class CachedProbe<T> {

    /** How long a probe's answer is served; short against a load balancer's probe interval. */
    public static final Duration TTL = Duration.ofSeconds(10);

    private final RecentAnswer<T> answer;

    /** {@code refresher} null (outside the container): the caller that finds the answer due refreshes it. */
    public CachedProbe(String name, Supplier<T> probe, Clock clock, Duration ttl, Executor refresher) {
        this.answer = new RecentAnswer<>(
                name,
                probe,
                clock == null ? Clock.systemUTC() : clock,
                ttl,
                refresher == null ? Runnable::run : refresher);
    }

    public T get() {
        return answer.get();
    }
}
