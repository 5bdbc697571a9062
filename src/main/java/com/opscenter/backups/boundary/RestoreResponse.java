package com.opscenter.backups.boundary;

/**
 * Where a backup was restored. {@code cloudTarget} names the cloud target the archive was fetched from when it was
 * not on disk; left out when it was.
 */
public record RestoreResponse(
        boolean success,
        String backupId,
        String restorePath,
        String message,
        long filesRestored,
        long bytesRestored,
        String cloudTarget) {}
