package com.opscenter.backups.boundary;

/** The spec's answer to a delete: {@code success}, {@code backup_id}, {@code message}. */
public record BackupActionResponse(boolean success, String backupId, String message) {}
