package com.opscenter.backups.boundary;

import com.opscenter.backups.control.OffsiteCopies;
import com.opscenter.backups.entity.Backup;
import com.opscenter.platform.boundary.Timestamps;
import jakarta.json.bind.annotation.JsonbProperty;

/** A backup as the spec lists it in {@code GET /api/v1/backups}. */
public record BackupSummary(
        String id,
        String timestamp,
        long size,
        String type,
        String status,
        @JsonbProperty(value = "duration", nillable = true) String duration,
        @JsonbProperty("files_count") long filesCount,

        @JsonbProperty(value = "description", nillable = true)
        String description,

        @JsonbProperty(value = "error", nillable = true) String error,
        CloudStatus cloud) {

    static BackupSummary of(Backup backup, OffsiteCopies.State cloud) {
        return new BackupSummary(
                backup.id(),
                Timestamps.iso(backup.startedAt()),
                backup.sizeBytes(),
                backup.type().wireName(),
                backup.status().wireName(),
                Timestamps.duration(backup.duration()),
                backup.filesCount(),
                backup.description(),
                backup.error(),
                CloudStatus.of(cloud));
    }
}
