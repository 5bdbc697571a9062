package com.opscenter.storage.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The walks are stand-ins that block on latches, so a test decides when a walk ends; real threads run them,
 * as the walk threads do in the server. Waiting is shown by outcomes (a size, or "measuring"), never by time.
 */
class SizeCacheTest {

    private static final Path VOLUME = Path.of("/volumes/models");
    private static final Path OTHER = Path.of("/volumes/postgres");
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration LONG_WAIT = Duration.ofSeconds(30);

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-10-23T10:00:00Z"));
    private final AtomicInteger walks = new AtomicInteger();
    private final ExecutorService walkThreads = Executors.newCachedThreadPool();

    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @AfterEach
    void stopWalks() {
        walkThreads.shutdownNow();
    }

    private static TreeStats stats(long size) {
        return new TreeStats(size, 1, null, List.of(), 0, List.of(), false);
    }

    private SizeCache cache(Duration firstWait, Function<Path, TreeStats> walk) {
        return new SizeCache(TTL, firstWait, clock, walk, walkThreads);
    }

    private void later(Duration by) {
        now.set(now.get().plus(by));
    }

    @Test
    void theFirstCallerWaitsForTheFirstWalkAndGetsItsSizeAndStart() {
        var cache = cache(LONG_WAIT, path -> stats(walks.incrementAndGet()));
        var started = now.get();

        var size = cache.get(VOLUME);

        assertThat(size.state()).isEqualTo(SizeCache.State.MEASURED);
        assertThat(size.stats().size()).isEqualTo(1);
        assertThat(size.measuredAt()).isEqualTo(started);
    }

    @Test
    void servesTheLastSizeWhileOneRefreshRunsInTheBackgroundThenTheNewOne() throws Exception {
        var release = new CountDownLatch(1);
        var refreshing = new CountDownLatch(1);
        var cache = cache(LONG_WAIT, path -> {
            if (walks.incrementAndGet() == 2) {
                refreshing.countDown();
                await(release);
            }
            return stats(walks.get());
        });
        var firstWalk = now.get();
        assertThat(cache.get(VOLUME).stats().size()).isEqualTo(1);
        later(Duration.ofMinutes(4));
        assertThat(cache.get(VOLUME).state()).isEqualTo(SizeCache.State.MEASURED);

        later(Duration.ofMinutes(1)); // the TTL has passed: a refresh starts, nobody waits for it
        var during = List.of(cache.get(VOLUME), cache.get(VOLUME), cache.get(VOLUME));
        assertThat(refreshing.await(10, TimeUnit.SECONDS)).isTrue();
        var stillDuring = cache.get(VOLUME);

        assertThat(during).allSatisfy(size -> {
            assertThat(size.stats().size()).isEqualTo(1);
            assertThat(size.measuredAt()).isEqualTo(firstWalk);
            assertThat(size.state()).isEqualTo(SizeCache.State.REFRESHING);
        });
        assertThat(stillDuring.state()).isEqualTo(SizeCache.State.REFRESHING);
        assertThat(walks).as("one refresh for all callers").hasValue(2);

        var refreshStarted = now.get();
        release.countDown();
        var after = awaitState(cache, SizeCache.State.MEASURED);
        assertThat(after.stats().size()).isEqualTo(2);
        assertThat(after.measuredAt()).isEqualTo(refreshStarted);
        assertThat(cache.cached(VOLUME)).hasValue(after);
    }

    @Test
    void getAllNowStartsFirstWalksButWaitsForNone() {
        var release = new CountDownLatch(1);
        var cache = cache(LONG_WAIT, path -> {
            walks.incrementAndGet();
            await(release);
            return stats(42);
        });

        var sizes = cache.getAllNow(List.of(VOLUME)); // with LONG_WAIT, getAll would hold here until released

        assertThat(sizes).containsExactly(SizeCache.Size.NOT_YET);
        release.countDown();
        assertThat(awaitState(cache, SizeCache.State.MEASURED).stats().size()).isEqualTo(42);
        assertThat(cache.getAllNow(List.of(VOLUME)).get(0).stats().size()).isEqualTo(42);
        assertThat(walks).hasValue(1);
    }

    @Test
    void aFirstWalkLongerThanTheWaitAnswersMeasuringAndLaterCallersGetItsResult() {
        var release = new CountDownLatch(1);
        var cache = cache(Duration.ofMillis(50), path -> {
            walks.incrementAndGet();
            await(release);
            return stats(42);
        });

        var first = cache.get(VOLUME);
        var second = cache.get(VOLUME);

        assertThat(first).isEqualTo(SizeCache.Size.NOT_YET);
        assertThat(first.stats()).isNull();
        assertThat(second).isEqualTo(SizeCache.Size.NOT_YET);
        assertThat(cache.cached(VOLUME)).isEmpty();
        release.countDown();
        assertThat(awaitState(cache, SizeCache.State.MEASURED).stats().size()).isEqualTo(42);
        assertThat(walks).hasValue(1);
    }

    @Test
    void onlyTheCallerThatStartedAFirstWalkWaitsForIt() throws Exception {
        var started = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var cache = cache(LONG_WAIT, path -> {
            walks.incrementAndGet();
            started.countDown();
            await(release);
            return stats(7);
        });
        var first = CompletableFuture.supplyAsync(() -> cache.get(VOLUME));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        // Another caller of the same volume gets its answer although the walk is held and the wait is long.
        var second = cache.get(VOLUME);

        assertThat(second).isEqualTo(SizeCache.Size.NOT_YET);
        assertThat(first).isNotDone();
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).stats().size()).isEqualTo(7);
        assertThat(walks).hasValue(1);
    }

    @Test
    void manyVolumesNeverMeasuredShareOneDeadlineAndAreWalkedAtOnce() throws Exception {
        var bothRunning = new CountDownLatch(2);
        var release = new CountDownLatch(1);
        var cache = cache(Duration.ofMillis(200), path -> {
            bothRunning.countDown();
            await(release);
            return stats(1);
        });

        var sizes = cache.getAll(List.of(VOLUME, OTHER));

        assertThat(sizes).containsExactly(SizeCache.Size.NOT_YET, SizeCache.Size.NOT_YET);
        assertThat(bothRunning.await(10, TimeUnit.SECONDS))
                .as("both walks run together")
                .isTrue();
        release.countDown();
    }

    @Test
    void aFailedFirstWalkIsRethrownAndNotKept() {
        Function<Path, TreeStats> walk = path -> {
            if (walks.incrementAndGet() == 1) {
                throw new IllegalStateException("disk went away");
            }
            return stats(3);
        };
        var cache = cache(LONG_WAIT, walk);

        assertThatThrownBy(() -> cache.get(VOLUME)).hasMessage("disk went away");
        assertThat(cache.get(VOLUME).stats().size()).isEqualTo(3);
    }

    @Test
    void aFailedRefreshKeepsTheLastSizeAndTheNextCallerTriesAgain() {
        Function<Path, TreeStats> walk = path -> {
            if (walks.incrementAndGet() == 2) {
                throw new IllegalStateException("disk went away");
            }
            return stats(walks.get());
        };
        var cache = cache(LONG_WAIT, walk);
        cache.get(VOLUME);
        later(TTL);

        cache.get(VOLUME); // starts the refresh that fails
        awaitState(cache, SizeCache.State.MEASURED); // the failed refresh is over, the old size stays
        assertThat(cache.cached(VOLUME).orElseThrow().stats().size()).isEqualTo(1);

        cache.get(VOLUME); // still older than the TTL: another refresh
        assertThat(awaitSize(cache, 3).measuredAt()).isEqualTo(now.get());
    }

    /** Polls the cache (without starting walks) until the background walk has ended in the given state. */
    private static SizeCache.Size awaitState(SizeCache cache, SizeCache.State state) {
        for (var i = 0; i < 1000; i++) {
            var size = cache.cached(VOLUME);
            if (size.isPresent() && size.get().state() == state) {
                return size.get();
            }
            sleep();
        }
        throw new AssertionError("the volume never reached " + state);
    }

    private static SizeCache.Size awaitSize(SizeCache cache, long bytes) {
        for (var i = 0; i < 1000; i++) {
            var size = cache.cached(VOLUME);
            if (size.isPresent() && size.get().stats().size() == bytes) {
                return size.get();
            }
            sleep();
        }
        throw new AssertionError("the volume never measured " + bytes + " bytes");
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
