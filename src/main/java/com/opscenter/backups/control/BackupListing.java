package com.opscenter.backups.control;

import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import com.opscenter.backups.entity.BackupType;
import java.time.Duration;
import java.time.Instant;

/**
 * A backup as the list shows it: only the columns the list needs, read as values rather than entities. A list of
 * 10,000 backups then costs a few MB per request instead of tens of MB of entities with their volume, path and
 * warning lists, which 16 concurrent requests did not fit into the heap.
 */
public record BackupListing(
        String id,
        BackupType type,
        BackupStatus status,
        Instant startedAt,
        Instant finishedAt,
        long sizeBytes,
        long filesCount,
        String description,
        String error,
        String schedule) {

    /** The JPQL select list, in the order of the components. */
    static final String COLUMNS =
            "b.id, b.type, b.status, b.startedAt, b.finishedAt, b.sizeBytes, b.filesCount, b.description, b.error,"
                    + " b.schedule";

    static BackupListing of(Object[] row) {
        return new BackupListing(
                (String) row[0],
                (BackupType) row[1],
                (BackupStatus) row[2],
                (Instant) row[3],
                (Instant) row[4],
                ((Number) row[5]).longValue(),
                ((Number) row[6]).longValue(),
                (String) row[7],
                (String) row[8],
                (String) row[9]);
    }

    public static BackupListing of(Backup backup) {
        return new BackupListing(
                backup.id(),
                backup.type(),
                backup.status(),
                backup.startedAt(),
                backup.finishedAt(),
                backup.sizeBytes(),
                backup.filesCount(),
                backup.description(),
                backup.error(),
                backup.schedule());
    }

    /** As {@link Backup#duration()}. */
    public Duration duration() {
        return finishedAt == null ? null : Duration.between(startedAt, finishedAt);
    }
}
