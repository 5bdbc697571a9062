package com.opscenter.audit.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.platform.control.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditRetentionTest {

    private final TestClock clock = TestClock.at("2026-10-23T03:17:00Z");

    @Test
    void rowsOlderThanTheRetentionGoAndTheCutoffMovesWithTheClock() {
        var retention = new AuditRetention(clock, 365);

        assertThat(retention.cutoff()).contains(Instant.parse("2025-10-23T03:17:00Z"));
        clock.advance(Duration.ofDays(1));
        assertThat(retention.cutoff()).contains(Instant.parse("2025-10-24T03:17:00Z"));
    }

    @Test
    void zeroDaysKeepsEverything() {
        assertThat(new AuditRetention(clock, 0).cutoff()).isEmpty();
    }

    @Test
    void aNegativeRetentionIsAConfigurationError() {
        assertThatThrownBy(() -> new AuditRetention(clock, -1)).hasMessageContaining("audit.retention.days");
    }
}
