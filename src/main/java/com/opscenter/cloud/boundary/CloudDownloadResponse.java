package com.opscenter.cloud.boundary;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A backup fetched from the cloud, verified and catalogued; {@code target} is the cloud target that served it. */
public record CloudDownloadResponse(
        boolean success,
        String backupId,
        String message,
        long size,
        String sha256,
        String status,

        @Schema(description = "The cloud target that served the backup: the first that held a good copy")
        String target) {}
