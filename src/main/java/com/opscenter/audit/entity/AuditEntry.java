package com.opscenter.audit.entity;

import static com.opscenter.platform.entity.Columns.clip;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "audit_log")
public class AuditEntry {

    static final int TARGET_LENGTH = 1024;
    static final int DETAILS_LENGTH = 4000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(name = "actor", nullable = false)
    private String actor;

    @Column(name = "action", nullable = false)
    private String action;

    @Column(name = "target")
    private String target;

    @Enumerated(EnumType.STRING)
    @Column(name = "outcome", nullable = false)
    private AuditOutcome outcome;

    @Column(name = "client_address")
    private String clientAddress;

    @Column(name = "details")
    private String details;

    @Column(name = "request_count", nullable = false)
    private int requestCount = 1;

    protected AuditEntry() {}

    public AuditEntry(
            Instant occurredAt,
            String actor,
            String action,
            String target,
            AuditOutcome outcome,
            String clientAddress,
            String details,
            int requestCount) {
        this.occurredAt = occurredAt;
        this.actor = clip(actor, 255);
        this.action = clip(action, 100);
        this.target = clip(target, TARGET_LENGTH);
        this.outcome = outcome;
        this.clientAddress = clip(clientAddress, 100);
        this.details = clip(details, DETAILS_LENGTH);
        this.requestCount = requestCount;
    }

    public Long id() {
        return id;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public String actor() {
        return actor;
    }

    public String action() {
        return action;
    }

    public String target() {
        return target;
    }

    public AuditOutcome outcome() {
        return outcome;
    }

    public String clientAddress() {
        return clientAddress;
    }

    public String details() {
        return details;
    }

    /** How many requests the row stands for (more than 1 for aggregated anonymous denials). */
    public int requestCount() {
        return requestCount;
    }
}
