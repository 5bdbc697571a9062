package com.opscenter.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkLimitsTest {

    private final WorkLimits limits = new WorkLimits(new LimitSettings(2, 1, 1, 1, 0, Duration.ofSeconds(30)));

    @Test
    void callersBeyondTheLimitAreRefusedAtOnceAsBusyWithRetryAfter() {
        var first = limits.acquire(WorkLimits.Work.VERIFY);
        var second = limits.acquire(WorkLimits.Work.VERIFY);

        assertThatThrownBy(() -> limits.acquire(WorkLimits.Work.VERIFY))
                .isInstanceOfSatisfying(WorkLimitReached.class, refusal -> {
                    assertThat(refusal.kind()).isEqualTo(DomainException.Kind.BUSY);
                    assertThat(refusal.retryAfter()).contains(Duration.ofSeconds(30));
                    assertThat(refusal.getMessage()).contains("limit 2");
                });
        first.close();
        second.close();
    }

    @Test
    void aClosedPermitLetsTheNextCallerInAndClosingTwiceGivesBackOnlyOne() {
        var permit = limits.acquire(WorkLimits.Work.RESTORE);
        permit.close();
        permit.close();

        var next = limits.acquire(WorkLimits.Work.RESTORE);

        assertThatThrownBy(() -> limits.acquire(WorkLimits.Work.RESTORE)).isInstanceOf(WorkLimitReached.class);
        next.close();
    }

    @Test
    void exclusiveWorkIsAlreadyRunningForASecondCaller() {
        try (var running = limits.acquire(WorkLimits.Work.CLEANUP)) {
            assertThatThrownBy(() -> limits.acquire(WorkLimits.Work.CLEANUP))
                    .isInstanceOfSatisfying(WorkLimitReached.class, refusal -> {
                        assertThat(refusal.kind()).isEqualTo(DomainException.Kind.CONFLICT);
                        assertThat(refusal.getMessage()).contains("already running");
                        assertThat(refusal.retryAfter()).isPresent();
                    });
            // Other kinds have their own permits.
            limits.acquire(WorkLimits.Work.CONTENTS).close();
        }
        limits.acquire(WorkLimits.Work.CLEANUP).close();
    }

    @Test
    void aLimitOfZeroSwitchesTheWorkOff() {
        assertThatThrownBy(() -> limits.acquire(WorkLimits.Work.OPTIMIZE))
                .isInstanceOfSatisfying(
                        WorkLimitReached.class,
                        refusal -> assertThat(refusal.getMessage()).contains("limit 0"));
    }

    @Test
    void catalogReadsWaitInLineInArrivalOrder() throws Exception {
        var oneAtATime =
                new WorkLimits(new LimitSettings(2, 1, 1, 1, 0, Duration.ofSeconds(30), 1, Duration.ofMinutes(1)));
        var turns = new java.util.concurrent.LinkedBlockingQueue<String>();
        var threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var reading = oneAtATime.awaitCatalogRead();
            var first = threads.submit(() -> waitForTurn(oneAtATime, "first", turns));
            awaitWaiting(oneAtATime, 1);
            var second = threads.submit(() -> waitForTurn(oneAtATime, "second", turns));
            awaitWaiting(oneAtATime, 2);

            assertThat(turns).isEmpty();
            reading.close();

            assertThat(turns.poll(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("first");
            first.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(turns.poll(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("second");
            second.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aCatalogReadWaitingBeyondItsBoundIsToldTheServerIsBusy() {
        var oneAtATime =
                new WorkLimits(new LimitSettings(2, 1, 1, 1, 0, Duration.ofSeconds(30), 1, Duration.ofMinutes(1)));
        try (var reading = oneAtATime.awaitCatalogRead()) {
            assertThatThrownBy(() -> oneAtATime.awaitCatalogRead(Duration.ofMillis(50)))
                    .isInstanceOfSatisfying(WorkLimitReached.class, refusal -> {
                        assertThat(refusal.kind()).isEqualTo(DomainException.Kind.UNAVAILABLE);
                        assertThat(refusal.retryAfter()).contains(Duration.ofSeconds(30));
                        assertThat(refusal.getMessage()).contains("busy");
                    });
        }
        // The refused caller left the line: the next one gets its turn.
        oneAtATime.awaitCatalogRead(Duration.ofSeconds(30)).close();
    }

    @Test
    void catalogReadsDefaultToTwiceTheProcessors() {
        assertThat(new LimitSettings(2, 1, 1, 1, 0, Duration.ofSeconds(30)).catalogReads())
                .isEqualTo(2 * Runtime.getRuntime().availableProcessors());
    }

    /** Takes a turn, says so, and gives it back at once. */
    private static Void waitForTurn(WorkLimits limits, String name, java.util.Queue<String> turns) {
        try (var turn = limits.awaitCatalogRead()) {
            turns.add(name);
        }
        return null;
    }

    private static void awaitWaiting(WorkLimits limits, int callers) throws InterruptedException {
        for (int i = 0; i < 3000 && limits.catalogReadsWaiting() < callers; i++) {
            Thread.sleep(10);
        }
        assertThat(limits.catalogReadsWaiting()).isEqualTo(callers);
    }
}
