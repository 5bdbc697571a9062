package com.opscenter.backups.boundary;

import com.opscenter.backups.control.BackupListing;
import com.opscenter.backups.control.OffsiteCopies;
import com.opscenter.platform.boundary.Timestamps;
import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A backup as the spec lists it in {@code GET /api/v1/backups}. */
public record BackupSummary(
        String id,
        String timestamp,
        long size,
        String type,
        String status,
        @JsonbNillable String duration,
        long filesCount,

        @JsonbNillable String description,

        @JsonbNillable String error,
        CloudStatus cloud,
        /** The schedule the backup was taken for; null for a manual one. */
        @JsonbNillable String schedule,
        /** The copy on each cloud target, first the one {@code cloud} describes; empty while cloud backup is off. */
        @Schema(
                description = "The copy on each cloud target, first the one cloud describes; empty while "
                        + "cloud backup is off")
        List<CloudTargetStatus> cloudTargets,
        /** {@code full} or {@code incremental}. */
        @Schema(description = "full or incremental (an increment holds only what changed since its base)")
        String mode,
        /** The backup an increment was compared with; null for a full backup. */
        @Schema(description = "The backup an increment was compared with; null for a full backup") @JsonbNillable
        String baseId,
        /** The backups whose archives hold content of this one (oldest first); kept as long as this one is. */
        @Schema(
                description = "The backups whose archives hold content of this one (oldest first); kept as "
                        + "long as this one is")
        List<String> dependsOn,
        /** This archive's size plus those of the backups it depends on that are there: what keeping it takes. */
        @Schema(description = "This archive's size plus those of the backups it depends on that are there")
        long chainSizeBytes) {

    /** By id alone, which equal summaries share: JSON-B hashes each object it writes (see {@link BackupList#hashCode()}). */
    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(id);
    }

    static BackupSummary of(BackupListing backup, OffsiteCopies.State cloud, List<CloudTargetStatus> targets) {
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
                CloudStatus.of(cloud),
                backup.schedule(),
                targets,
                backup.mode(),
                backup.baseId(),
                backup.dependsOn(),
                backup.chainSizeBytes());
    }
}
