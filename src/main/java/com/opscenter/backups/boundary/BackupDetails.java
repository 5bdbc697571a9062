package com.opscenter.backups.boundary;

import com.opscenter.backups.control.ContainerReport;
import com.opscenter.backups.control.OffsiteCopies;
import com.opscenter.backups.entity.Backup;
import com.opscenter.platform.boundary.Timestamps;
import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One backup with its job progress and everything the catalog knows of its archive, and what it did to the
 * containers that mount its volumes (stopped or paused, for how long; commands run in them).
 */
public record BackupDetails(
        String id,
        String timestamp,

        @JsonbNillable String finishedAt,

        long size,
        String type,
        String status,
        @JsonbNillable String duration,
        long filesCount,

        @JsonbNillable String description,

        String codec,

        @JsonbNillable String archiveFile,

        @JsonbNillable String sha256,
        List<String> volumes,
        List<String> includePaths,
        Progress progress,
        List<String> warnings,
        @JsonbNillable String error,
        String createdBy,
        CloudStatus cloud,
        List<Container> containers,
        List<Hook> hooks,
        long containerDowntimeMs,
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

    /** A container the backup stopped or paused while its volumes were read; {@code until} null while it is. */
    public record Container(
            String container,
            String action,
            List<String> volumes,
            String since,
            @JsonbNillable String until,
            long downtimeMs,
            @JsonbNillable String problem) {}

    /** A command the backup ran in a container ({@code pre}, {@code post}, {@code dump}) and how it ended. */
    public record Hook(
            String container,
            String kind,
            @JsonbNillable Long exitCode,
            long durationMs,
            String outputTail,
            @JsonbNillable String dumpFile,
            @JsonbNillable String problem) {}

    public record Progress(long bytesDone, long bytesTotal, long filesDone, long filesTotal, double percent) {

        /** Done of total in percent, one decimal; 0 while the total is unknown. */
        static double percent(long done, long total) {
            return total == 0 ? 0.0 : Math.round(1000.0 * done / total) / 10.0;
        }
    }

    static BackupDetails of(Backup b, OffsiteCopies.State cloud, List<CloudTargetStatus> targets, long chainSizeBytes) {
        var report = ContainerReport.fromJson(b.containers());
        var percent = b.status().isComplete() ? 100.0 : Progress.percent(b.bytesDone(), b.bytesTotal());
        return new BackupDetails(
                b.id(),
                Timestamps.iso(b.startedAt()),
                Timestamps.iso(b.finishedAt()),
                b.sizeBytes(),
                b.type().wireName(),
                b.status().wireName(),
                Timestamps.duration(b.duration()),
                b.filesCount(),
                b.description(),
                b.codec().configName(),
                b.archiveFile(),
                b.sha256(),
                b.volumes(),
                b.paths(),
                new Progress(b.bytesDone(), b.bytesTotal(), b.filesDone(), b.filesTotal(), percent),
                b.warnings(),
                b.error(),
                b.createdBy(),
                CloudStatus.of(cloud),
                report.containers().stream()
                        .map(c -> new Container(
                                c.container(),
                                c.action(),
                                c.volumes(),
                                Timestamps.iso(c.since()),
                                Timestamps.iso(c.until()),
                                c.downtime().toMillis(),
                                c.problem()))
                        .toList(),
                report.hooks().stream()
                        .map(h -> new Hook(
                                h.container(),
                                h.kind(),
                                h.exitCode(),
                                h.duration().toMillis(),
                                h.outputTail(),
                                h.dumpFile(),
                                h.problem()))
                        .toList(),
                report.downtime().toMillis(),
                b.schedule(),
                targets,
                b.mode(),
                b.baseId(),
                b.dependsOn(),
                chainSizeBytes);
    }
}
