package com.opscenter.backups.control;

import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import com.opscenter.backups.entity.BackupType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Fired once the outcome of a backup job is committed to the catalog. Audit, mail, metrics, retention and cloud
 * upload observe it; none of them can change the outcome. {@code containerDowntime}: how long containers were
 * stopped or paused for it, null when none was.
 */
public record BackupFinished(
        String backupId,
        BackupType type,
        BackupStatus status,
        Instant startedAt,
        Duration duration,
        long sizeBytes,
        long filesCount,
        String error,
        String backupLocation,
        String actor,
        List<String> warnings,
        Duration containerDowntime) {

    public BackupFinished {
        warnings = List.copyOf(warnings == null ? List.of() : warnings);
    }

    /** An outcome without containers stopped or paused. */
    public BackupFinished(
            String backupId,
            BackupType type,
            BackupStatus status,
            Instant startedAt,
            Duration duration,
            long sizeBytes,
            long filesCount,
            String error,
            String backupLocation,
            String actor,
            List<String> warnings) {
        this(
                backupId,
                type,
                status,
                startedAt,
                duration,
                sizeBytes,
                filesCount,
                error,
                backupLocation,
                actor,
                warnings,
                null);
    }

    /** The outcome as the catalog holds it. */
    public static BackupFinished of(Backup done, String actor) {
        return new BackupFinished(
                done.id(),
                done.type(),
                done.status(),
                done.startedAt(),
                done.duration(),
                done.sizeBytes(),
                done.filesCount(),
                done.error(),
                done.location(),
                actor,
                done.warnings(),
                done.containers() == null
                        ? null
                        : ContainerReport.fromJson(done.containers()).downtime());
    }

    public boolean succeeded() {
        return status.isComplete();
    }
}
