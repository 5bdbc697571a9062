package com.opscenter.backups.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A container this installation stopped or paused and has not started again yet (db/V9): written before the
 * stop, removed after the start, so a server that crashed in between knows what to start at its next start-up.
 */
@Entity
@Table(name = "quiesced_containers")
public class QuiescedContainer {

    public static final String STOPPED = "stopped";
    public static final String PAUSED = "paused";

    @Id
    @Column(name = "container_id")
    private String containerId;

    @Column(name = "container_name", nullable = false)
    private String containerName;

    /** {@value #STOPPED} or {@value #PAUSED}: how to bring it back. */
    @Column(name = "action", nullable = false)
    private String action;

    /** What stopped it, for the audit trail: {@code backup backup-...}, {@code restore of ... into ...}. */
    @Column(name = "purpose", nullable = false)
    private String purpose;

    @Column(name = "node", nullable = false)
    private String node;

    @Column(name = "since", nullable = false)
    private Instant since;

    protected QuiescedContainer() {}

    public QuiescedContainer(
            String containerId, String containerName, String action, String purpose, String node, Instant since) {
        this.containerId = containerId;
        this.containerName = containerName;
        this.action = action;
        this.purpose = purpose.length() > 255 ? purpose.substring(0, 255) : purpose;
        this.node = node;
        this.since = since;
    }

    public String containerId() {
        return containerId;
    }

    public String containerName() {
        return containerName;
    }

    public String action() {
        return action;
    }

    public boolean paused() {
        return PAUSED.equals(action);
    }

    public String purpose() {
        return purpose;
    }

    public String node() {
        return node;
    }

    public Instant since() {
        return since;
    }
}
