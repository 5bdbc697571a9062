package com.opscenter.backups.boundary;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Where a backup was restored. {@code cloudTarget} names the cloud target the archive was fetched from when it was
 * not on disk; left out when it was. {@code paths} repeats the request's selection; left out for a whole backup.
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
        String cloudTarget,

        @Schema(description = "The paths restored, as the request named them; left out when the whole backup was")
        List<String> paths) {}
