package com.opscenter.audit.control;

import com.opscenter.audit.entity.AuditOutcome;
import java.time.Instant;

/**
 * Something worth a row in the audit trail; fired by any feature as a CDI event. {@code count} is how many
 * requests the row stands for: 1, except for aggregated anonymous denials ({@link DeniedBursts}).
 */
public record AuditEvent(
        Instant occurredAt,
        String actor,
        String action,
        String target,
        AuditOutcome outcome,
        String clientAddress,
        String details,
        int count) {

    public static AuditEvent of(
            String actor, String action, String target, AuditOutcome outcome, String clientAddress, String details) {
        return new AuditEvent(Instant.now(), actor, action, target, outcome, clientAddress, details, 1);
    }

    /** For work the service does on its own, such as a scheduled backup. */
    public static AuditEvent bySystem(String action, String target, AuditOutcome outcome, String details) {
        return of("system", action, target, outcome, null, details);
    }
}
