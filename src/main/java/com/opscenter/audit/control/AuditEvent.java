package com.opscenter.audit.control;

import com.opscenter.audit.entity.AuditOutcome;
import java.time.Instant;

/** Something worth a row in the audit trail; fired by any feature as a CDI event. */
public record AuditEvent(
        Instant occurredAt,
        String actor,
        String action,
        String target,
        AuditOutcome outcome,
        String clientAddress,
        String details) {

    public static AuditEvent of(
            String actor, String action, String target, AuditOutcome outcome, String clientAddress, String details) {
        return new AuditEvent(Instant.now(), actor, action, target, outcome, clientAddress, details);
    }

    /** For work the service does on its own, such as a scheduled backup. */
    public static AuditEvent bySystem(String action, String target, AuditOutcome outcome, String details) {
        return of("system", action, target, outcome, null, details);
    }
}
