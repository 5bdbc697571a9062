package com.opscenter.audit.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.audit.entity.AuditOutcome;
import com.opscenter.platform.control.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeniedBurstsTest {

    private final TestClock clock = TestClock.at("2025-10-23T02:00:00Z");
    private final DeniedBursts bursts = new DeniedBursts(clock, Duration.ofMinutes(1), 3);

    private static AuditEvent denied(String address, String path) {
        return AuditEvent.of("anonymous", "GET " + path, path, AuditOutcome.DENIED, address, "HTTP 401");
    }

    @Test
    void onlyAnonymousDenialsAreAggregated() {
        assertThat(DeniedBursts.applies(denied("10.0.0.1", "/audit"))).isTrue();
        assertThat(DeniedBursts.applies(
                        AuditEvent.of("moderator", "x", "t", AuditOutcome.DENIED, "10.0.0.1", "HTTP 403")))
                .isFalse();
        assertThat(DeniedBursts.applies(
                        AuditEvent.of("anonymous", "x", "t", AuditOutcome.FAILURE, "10.0.0.1", "HTTP 400")))
                .isFalse();
    }

    @Test
    void aFloodFromOneAddressIsOneRowAtOnceAndOneCountedRowWhenTheMinuteIsOver() {
        var first = denied("10.0.0.1", "/backups");
        assertThat(bursts.admit(first)).containsExactly(first);
        for (int i = 0; i < 499; i++) {
            clock.advance(Duration.ofMillis(100));
            assertThat(bursts.admit(denied("10.0.0.1", "/backups/" + i))).isEmpty();
        }
        assertThat(bursts.closeEnded()).as("the window is still open").isEmpty();

        clock.advance(Duration.ofSeconds(11));
        var summaries = bursts.closeEnded();

        assertThat(summaries).singleElement().satisfies(summary -> {
            assertThat(summary.count()).isEqualTo(499);
            assertThat(summary.action()).isEqualTo(DeniedBursts.ACTION);
            assertThat(summary.outcome()).isEqualTo(AuditOutcome.DENIED);
            assertThat(summary.clientAddress()).isEqualTo("10.0.0.1");
            assertThat(summary.details()).startsWith("499 more").contains("/backups/498");
        });
        assertThat(bursts.closeEnded()).isEmpty();
    }

    @Test
    void theNextDenialAfterTheWindowWritesTheSummaryAndOpensANewWindow() {
        bursts.admit(denied("10.0.0.1", "/a"));
        bursts.admit(denied("10.0.0.1", "/b"));
        clock.advance(Duration.ofMinutes(1));

        var next = denied("10.0.0.1", "/c");
        var rows = bursts.admit(next);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).count()).isEqualTo(1);
        assertThat(rows.get(0).action()).isEqualTo(DeniedBursts.ACTION);
        assertThat(rows.get(1)).isSameAs(next);
    }

    @Test
    void aLoneDenialLeavesNoSummary() {
        bursts.admit(denied("10.0.0.1", "/a"));
        clock.advance(Duration.ofMinutes(2));

        assertThat(bursts.closeEnded()).isEmpty();
    }

    @Test
    void addressesAreCountedApartUpToTheLimitThenShareOneWindow() {
        for (var address : new String[] {"10.0.0.1", "10.0.0.2", "10.0.0.3"}) {
            assertThat(bursts.admit(denied(address, "/a"))).hasSize(1);
        }
        assertThat(bursts.admit(denied("10.0.0.4", "/a")))
                .as("first of the shared window")
                .hasSize(1);
        for (int i = 5; i < 100; i++) {
            assertThat(bursts.admit(denied("10.0.0." + i, "/a"))).isEmpty();
        }
        clock.advance(Duration.ofMinutes(1));

        assertThat(bursts.closeEnded()).singleElement().satisfies(summary -> {
            assertThat(summary.clientAddress()).isEqualTo(DeniedBursts.MANY_SOURCES);
            assertThat(summary.count()).isEqualTo(95);
        });
    }
}
