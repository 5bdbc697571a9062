package com.opscenter.audit.boundary;

import com.opscenter.audit.entity.AuditEntry;
import java.time.Instant;

public record AuditEntryResponse(
        long id,
        Instant timestamp,
        String actor,
        String action,
        String target,
        String outcome,
        String clientAddress,
        String details,
        int count) {

    static AuditEntryResponse of(AuditEntry entry) {
        return new AuditEntryResponse(
                entry.id(),
                entry.occurredAt(),
                entry.actor(),
                entry.action(),
                entry.target(),
                entry.outcome().name().toLowerCase(),
                entry.clientAddress(),
                entry.details(),
                entry.requestCount());
    }
}
