package com.opscenter.audit.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Which audit rows are old enough to go: those from before {@code days} days ago; 0 days keeps them all. */
public record AuditRetention(Clock clock, int days) {

    public AuditRetention {
        if (days < 0) {
            throw new IllegalArgumentException("audit.retention.days must be 0 (keep all) or more, not " + days);
        }
    }

    public Optional<Instant> cutoff() {
        return days == 0 ? Optional.empty() : Optional.of(clock.instant().minus(Duration.ofDays(days)));
    }
}
