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
}
