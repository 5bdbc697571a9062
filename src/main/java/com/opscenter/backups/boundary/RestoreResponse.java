package com.opscenter.backups.boundary;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

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

        @Schema(
                description = "The cloud target the archive was fetched from when it was not on local "
                        + "disk; null otherwise")
        String cloudTarget) {}
