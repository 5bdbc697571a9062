package com.opscenter.backups.boundary;

import jakarta.json.bind.annotation.JsonbProperty;

/** The spec's answer to a delete: {@code success}, {@code backup_id}, {@code message}. */
public record BackupActionResponse(
        boolean success, @JsonbProperty("backup_id") String backupId, String message) {}
