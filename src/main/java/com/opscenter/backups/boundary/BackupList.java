package com.opscenter.backups.boundary;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;

public record BackupList(
        @JsonbProperty("backup_enabled") boolean backupEnabled,
        String schedule,

        @JsonbProperty(value = "last_backup", nillable = true)
        String lastBackup,

        @JsonbProperty(value = "next_backup", nillable = true)
        String nextBackup,

        @JsonbProperty("backup_location") String backupLocation,
        @JsonbProperty("retention_days") int retentionDays,
        List<BackupSummary> backups) {}
