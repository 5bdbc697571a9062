package com.opscenter.backups.boundary;

import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;

public record BackupList(
        boolean backupEnabled,
        String schedule,

        @JsonbNillable String lastBackup,

        @JsonbNillable String nextBackup,

        String backupLocation,
        int retentionDays,
        List<BackupSummary> backups,

        /** Sidecars in the backup folder the catalog refused at start-up, and why (bounded; details in the log). */
        List<String> ignoredSidecars) {}
