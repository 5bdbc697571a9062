package com.opscenter.storage.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SizeCacheTest {

    private static final Path VOLUME = Path.of("/volumes/models");
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-10-23T10:00:00Z"));
    private final AtomicInteger walks = new AtomicInteger();

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

    private TreeStats stats(long size) {
        return new TreeStats(size, 1, null, List.of(), 0, List.of(), false);
    }

    @Test
    void servesTheCachedWalkUntilTheTtlHasPassedThenWalksAgain() {
        Function<Path, TreeStats> walk = path -> stats(walks.incrementAndGet());
        var cache = new SizeCache(Duration.ofMinutes(5), clock, walk);

        assertThat(cache.get(VOLUME).size()).isEqualTo(1);
        now.set(now.get().plus(Duration.ofMinutes(4)));
        assertThat(cache.get(VOLUME).size()).isEqualTo(1);
        now.set(now.get().plus(Duration.ofMinutes(1)));
        assertThat(cache.get(VOLUME).size()).isEqualTo(2);
        assertThat(walks).hasValue(2);
    }

    @Test
    void concurrentCallersForOneVolumeShareOneWalk() throws Exception {
        var started = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        Function<Path, TreeStats> walk = path -> {
            walks.incrementAndGet();
            started.countDown();
            await(release);
            return stats(7);
        };
        var cache = new SizeCache(Duration.ofMinutes(5), clock, walk);
        var pool = Executors.newFixedThreadPool(8);
        try {
            var first = CompletableFuture.supplyAsync(() -> cache.get(VOLUME), pool);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            var others = java.util.stream.IntStream.range(0, 7)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> cache.get(VOLUME), pool))
                    .toList();
            Thread.sleep(200); // the others are now waiting on the running walk
            release.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS).size()).isEqualTo(7);
            for (var other : others) {
                assertThat(other.get(10, TimeUnit.SECONDS).size()).isEqualTo(7);
            }
            assertThat(walks).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedWalkIsNotCached() {
        Function<Path, TreeStats> walk = path -> {
            if (walks.incrementAndGet() == 1) {
                throw new IllegalStateException("disk went away");
            }
            return stats(3);
        };
        var cache = new SizeCache(Duration.ofMinutes(5), clock, walk);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cache.get(VOLUME))
                .hasRootCauseMessage("disk went away");
        assertThat(cache.get(VOLUME).size()).isEqualTo(3);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
