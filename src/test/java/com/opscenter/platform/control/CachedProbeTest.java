package com.opscenter.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachedProbeTest {

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void probesOncePerTtlHoweverOftenAsked() {
        var clock = new HandClock();
        var calls = new AtomicInteger();
        var probe = new CachedProbe<>("test", calls::incrementAndGet, clock, Duration.ofSeconds(10), null);
        for (int i = 0; i < 100; i++) {
            assertThat(probe.get()).isEqualTo(1);
        }
        clock.now = clock.now.plusSeconds(9);
        assertThat(probe.get()).isEqualTo(1);
        clock.now = clock.now.plusSeconds(1);
        assertThat(probe.get()).isEqualTo(2);
        assertThat(calls).hasValue(2);
    }

    @Test
    void aClockSetBackProbesAgain() {
        var clock = new HandClock();
        var calls = new AtomicInteger();
        var probe = new CachedProbe<>("test", calls::incrementAndGet, clock, Duration.ofSeconds(10), null);
        probe.get();
        clock.now = clock.now.minusSeconds(3600);
        assertThat(probe.get()).isEqualTo(2);
    }

    @Test
    void aDueProbeIsRefreshedOnTheExecutorWhileCallersGetTheLastAnswer() {
        var clock = new HandClock();
        var calls = new AtomicInteger();
        var queued = new java.util.ArrayList<Runnable>();
        var probe = new CachedProbe<>("test", calls::incrementAndGet, clock, Duration.ofSeconds(10), queued::add);
        assertThat(probe.get()).as("the first answer is waited for").isEqualTo(1);

        clock.now = clock.now.plusSeconds(11);
        for (int i = 0; i < 20; i++) {
            assertThat(probe.get()).isEqualTo(1);
        }
        assertThat(queued).as("one refresh, however many callers").hasSize(1);
        assertThat(calls).hasValue(1);

        queued.remove(0).run();
        assertThat(probe.get()).isEqualTo(2);
        assertThat(queued).isEmpty();
    }
}
