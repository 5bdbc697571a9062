package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class HeapBudgetTest {

    static final long MIB = 1 << 20;

    @Test
    void secondReservationWaitsUntilTheFirstIsGivenBack() throws Exception {
        var budget = new HeapBudget(128 * MIB);
        var first = budget.reserve(94 * MIB);
        var second = CompletableFuture.supplyAsync(() -> {
            try {
                return budget.reserve(94 * MIB);
            } catch (InterruptedIOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThatThrownBy(() -> second.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(budget.availableMiB()).isEqualTo(34);

        first.close();
        try (var granted = second.get(10, TimeUnit.SECONDS)) {
            assertThat(budget.availableMiB()).isEqualTo(34);
        }
        assertThat(budget.availableMiB()).isEqualTo(128);
    }

    @Test
    void reservationsThatFitTogetherDoNotWait() throws Exception {
        var budget = new HeapBudget(128 * MIB);
        try (var a = budget.reserve(60 * MIB);
                var b = budget.reserve(60 * MIB)) {
            assertThat(budget.availableMiB()).isEqualTo(8);
        }
        assertThat(budget.availableMiB()).isEqualTo(128);
    }

    @Test
    void closingTwiceGivesBackOnce() throws Exception {
        var budget = new HeapBudget(128 * MIB);
        var held = budget.reserve(10 * MIB);
        held.close();
        held.close();
        assertThat(budget.availableMiB()).isEqualTo(128);
    }

    @Test
    void nothingIsHeldForCodecsThatNeedNoHeap() throws Exception {
        var budget = new HeapBudget(128 * MIB);
        try (var none = budget.reserve(Codec.ZSTD.heapBytes(19))) {
            assertThat(budget.availableMiB()).isEqualTo(128);
        }
    }

    @Test
    void moreThanTheWholeBudgetWaitsForAllOfItAndRunsAlone() throws Exception {
        var budget = new HeapBudget(64 * MIB);
        var small = budget.reserve(MIB);
        var large = CompletableFuture.supplyAsync(() -> {
            try {
                return budget.reserve(Codec.XZ.heapBytes(6));
            } catch (InterruptedIOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThatThrownBy(() -> large.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        small.close();
        try (var alone = large.get(10, TimeUnit.SECONDS)) {
            assertThat(budget.availableMiB()).isZero();
        }
        assertThat(budget.availableMiB()).isEqualTo(64);
    }

    @Test
    void aWaitingThreadThatIsInterruptedGetsAnInterruptedIoException() throws Exception {
        var budget = new HeapBudget(16 * MIB);
        try (var all = budget.reserve(16 * MIB)) {
            var waiting = new CompletableFuture<Throwable>();
            var thread = new Thread(() -> {
                try {
                    budget.reserve(MIB).close();
                    waiting.complete(null);
                } catch (Throwable e) {
                    waiting.complete(e);
                }
            });
            thread.start();
            Thread.sleep(100);
            thread.interrupt();
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedIOException.class);
        }
        assertThat(budget.availableMiB()).isEqualTo(16);
    }
}
