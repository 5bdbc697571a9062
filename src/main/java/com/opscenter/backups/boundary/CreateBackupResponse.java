package com.opscenter.backups.boundary;

import jakarta.json.bind.annotation.JsonbProperty;

public record CreateBackupResponse(
        boolean success,
        @JsonbProperty("backup_id") String backupId,
        String message,
        @JsonbProperty("backup_type") String backupType,
        String status) {}
