package com.opscenter.cloud.boundary;

/** A backup fetched from the cloud, verified and catalogued; {@code target} is the cloud target that served it. */
public record CloudDownloadResponse(
        boolean success, String backupId, String message, long size, String sha256, String status, String target) {}
