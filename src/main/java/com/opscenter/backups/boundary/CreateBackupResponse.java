package com.opscenter.backups.boundary;

public record CreateBackupResponse(
        boolean success, String backupId, String message, String backupType, String status) {}
