package com.opscenter.backups.boundary;

public record RestoreResponse(
        boolean success, String backupId, String restorePath, String message, long filesRestored, long bytesRestored) {}
