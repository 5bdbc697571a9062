package com.opscenter.schedule.entity;

import static com.opscenter.platform.entity.Columns.clip;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One scheduled time of one schedule, claimed by the server that handled it, and what became of it. */
@Entity
@Table(name = "schedule_runs")
@IdClass(ScheduledRun.Key.class)
public class ScheduledRun {

    /** The claim's key: a schedule and its scheduled time (a class with fields, as JPA wants an id class). */
    public static final class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        private String scheduleName;
        private Instant scheduledFor;

        public Key() {}

        public Key(String scheduleName, Instant scheduledFor) {
            this.scheduleName = scheduleName;
            this.scheduledFor = scheduledFor;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key
                    && Objects.equals(scheduleName, key.scheduleName)
                    && Objects.equals(scheduledFor, key.scheduledFor);
        }

        @Override
        public int hashCode() {
            return Objects.hash(scheduleName, scheduledFor);
        }
    }

    public enum Outcome {
        STARTED,
        SKIPPED,
        FAILED
    }

    @Id
    @Column(name = "schedule_name")
    private String scheduleName;

    @Id
    @Column(name = "scheduled_for")
    private Instant scheduledFor;

    @Column(name = "node", nullable = false)
    private String node;

    @Column(name = "claimed_at", nullable = false)
    private Instant claimedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "outcome", nullable = false)
    private Outcome outcome;

    @Column(name = "catch_up", nullable = false)
    private boolean catchUp;

    @Column(name = "backup_id")
    private String backupId;

    @Column(name = "reason")
    private String reason;

    protected ScheduledRun() {}

    public ScheduledRun(String scheduleName, Instant scheduledFor, String node, boolean catchUp, Instant now) {
        this.scheduleName = scheduleName;
        this.scheduledFor = scheduledFor;
        this.node = node;
        this.catchUp = catchUp;
        this.claimedAt = now;
        this.outcome = Outcome.STARTED;
    }

    public void started(String backupId) {
        this.outcome = Outcome.STARTED;
        this.backupId = backupId;
    }

    public void skipped(String reason) {
        this.outcome = Outcome.SKIPPED;
        this.reason = clip(reason, 1000);
    }

    public void failed(String reason) {
        skipped(reason);
        this.outcome = Outcome.FAILED;
    }

    public String scheduleName() {
        return scheduleName;
    }

    public Instant scheduledFor() {
        return scheduledFor;
    }

    public String node() {
        return node;
    }

    public Instant claimedAt() {
        return claimedAt;
    }

    public Outcome outcome() {
        return outcome;
    }

    public boolean catchUp() {
        return catchUp;
    }

    public String backupId() {
        return backupId;
    }

    public String reason() {
        return reason;
    }
}
