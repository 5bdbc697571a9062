package com.opscenter.platform.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The one row naming the installation this database belongs to. */
@Entity
@Table(name = "installation")
public class InstallationRecord {

    /** The only row. */
    public static final int ROW = 1;

    @Id
    @Column(name = "id")
    private int id;

    @Column(name = "installation_id", nullable = false)
    private String installationId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected InstallationRecord() {}

    public InstallationRecord(String installationId, Instant now) {
        this.id = ROW;
        this.installationId = installationId;
        this.createdAt = now;
    }

    public String installationId() {
        return installationId;
    }

    /** A planned migration adopts the id of the installation it replaces. */
    public void adopt(String installationId) {
        this.installationId = installationId;
    }
}
