package com.opscenter.cloud.boundary;

import jakarta.json.bind.annotation.JsonbProperty;

/** A backup fetched from the cloud, verified and catalogued. */
public record CloudDownloadResponse(
        boolean success,
        @JsonbProperty("backup_id") String backupId,
        String message,
        long size,
        String sha256,
        String status) {}
