package com.opscenter.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The computations are counting stand-ins; refreshes go to a queue the test runs when it chooses, or to a real
 * thread held on a latch, so "nobody waited" is shown by what callers got while a refresh was unfinished, never by
 * time.
 */
class RecentAnswerTest {

    private static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
    private final AtomicInteger computed = new AtomicInteger();
    private final Queue<Runnable> refreshes = new ArrayDeque<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private RecentAnswer<Integer> answer(Supplier<Integer> compute) {
        return new RecentAnswer<>("test answer", compute, clock, MAX_AGE, refreshes::add);
    }

    private void runRefreshes() {
        while (!refreshes.isEmpty()) {
            refreshes.remove().run();
        }
    }

    @Test
    void aSecondCallInsideTheWindowComputesNothing() {
        var answer = answer(computed::incrementAndGet);

        assertThat(answer.get()).isEqualTo(1);
        clock.advance(MAX_AGE.minusMillis(1));
        for (int i = 0; i < 100; i++) {
            assertThat(answer.get()).isEqualTo(1);
        }

        assertThat(computed).hasValue(1);
        assertThat(refreshes).isEmpty();
    }

    @Test
    void pastTheWindowOneRefreshStartsAndEveryoneGetsTheLastAnswerUntilItEnds() {
        var answer = answer(computed::incrementAndGet);
        answer.get();
        clock.advance(MAX_AGE);

        for (int i = 0; i < 50; i++) {
            assertThat(answer.get()).isEqualTo(1);
        }
        assertThat(refreshes).hasSize(1);
        assertThat(computed).hasValue(1);

        runRefreshes();
        assertThat(answer.get()).isEqualTo(2);
        assertThat(computed).hasValue(2);
        assertThat(refreshes).isEmpty();
    }

    @Test
    void concurrentCallersDuringARunningRefreshGetTheOldAnswerAndStartNoOther() throws Exception {
        var release = new CountDownLatch(1);
        var refreshing = new CountDownLatch(1);
        var refreshed = new CountDownLatch(1);
        var answer = new RecentAnswer<>(
                "test answer",
                () -> {
                    var n = computed.incrementAndGet();
                    if (n == 2) {
                        refreshing.countDown();
                        await(release);
                    }
                    return n;
                },
                clock,
                MAX_AGE,
                task -> threads.execute(() -> {
                    task.run();
                    refreshed.countDown();
                }));
        answer.get();
        clock.advance(MAX_AGE.plusSeconds(1));

        assertThat(answer.get()).isEqualTo(1); // starts the refresh on a real thread
        refreshing.await();
        var callers = new ArrayList<Future<Integer>>();
        for (int i = 0; i < 16; i++) {
            callers.add(threads.submit(answer::get));
        }
        for (var caller : callers) {
            assertThat(caller.get()).isEqualTo(1); // answered while the refresh is held: nobody waited for it
        }
        assertThat(computed).hasValue(2);

        release.countDown();
        refreshed.await();
        assertThat(answer.get()).isEqualTo(2);
        assertThat(computed).hasValue(2);
    }

    @Test
    void callersArrivingBeforeTheFirstAnswerShareOneComputation() throws Exception {
        var release = new CountDownLatch(1);
        var started = new CountDownLatch(1);
        var answer = new RecentAnswer<>(
                "test answer",
                () -> {
                    started.countDown();
                    await(release);
                    return computed.incrementAndGet();
                },
                clock,
                MAX_AGE,
                threads);
        var first = threads.submit(answer::get);
        started.await();
        var others = new ArrayList<Future<Integer>>();
        for (int i = 0; i < 8; i++) {
            others.add(threads.submit(answer::get));
        }

        release.countDown();

        assertThat(first.get()).isEqualTo(1);
        for (var other : others) {
            assertThat(other.get()).isEqualTo(1);
        }
        assertThat(computed).hasValue(1);
    }

    @Test
    void aFailureIsTheAnswerOfItsWindowAndARecoveryShowsAtTheNextRefresh() {
        var down = new AtomicInteger(1);
        var answer = answer(() -> {
            computed.incrementAndGet();
            if (down.get() == 1) {
                throw new IllegalStateException("engine down");
            }
            return 7;
        });

        assertThatThrownBy(answer::get).hasMessage("engine down");
        assertThatThrownBy(answer::get).hasMessage("engine down");
        assertThat(computed).hasValue(1); // asked once per window, not per call

        down.set(0);
        clock.advance(MAX_AGE);
        assertThatThrownBy(answer::get).hasMessage("engine down"); // the last answer while the refresh is queued
        runRefreshes();
        assertThat(answer.get()).isEqualTo(7);
        assertThat(computed).hasValue(2);
    }

    @Test
    void aClockSetBackRefreshes() {
        var answer = answer(computed::incrementAndGet);
        answer.get();
        clock.advance(Duration.ofHours(-1));

        answer.get();
        runRefreshes();

        assertThat(answer.get()).isEqualTo(2);
    }

    @Test
    void withTheCallerAsRefresherTheCallerThatFindsItDueComputesAndGetsTheNewAnswer() {
        var answer = new RecentAnswer<>("test answer", computed::incrementAndGet, clock, MAX_AGE, Runnable::run);
        answer.get();
        clock.advance(MAX_AGE);

        assertThat(answer.get()).isEqualTo(2);
        assertThat(answer.get()).isEqualTo(2);
        assertThat(computed).hasValue(2);
    }

    @Test
    void zeroMaxAgeComputesEveryCall() {
        var answer = new RecentAnswer<>("test answer", computed::incrementAndGet, clock, Duration.ZERO, refreshes::add);

        assertThat(answer.get()).isEqualTo(1);
        assertThat(answer.get()).isEqualTo(2);
        assertThat(refreshes).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
