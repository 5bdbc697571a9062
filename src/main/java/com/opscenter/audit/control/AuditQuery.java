package com.opscenter.audit.control;

import com.opscenter.audit.entity.AuditOutcome;
import java.time.Instant;

/** Filters for paging through the audit trail; null means "any". */
public record AuditQuery(
        String action, String actor, AuditOutcome outcome, Instant from, Instant to, int offset, int limit) {}
