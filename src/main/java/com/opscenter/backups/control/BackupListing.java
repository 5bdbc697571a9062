package com.opscenter.backups.control;

import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import com.opscenter.backups.entity.BackupType;
import com.opscenter.platform.entity.Columns;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
        String schedule,
        String mode,
        String baseId,
        List<String> dependsOn,
        long chainSizeBytes) {

    /** The JPQL select list, in the order of the components (the chain's size is summed afterwards). */
    static final String COLUMNS =
            "b.id, b.type, b.status, b.startedAt, b.finishedAt, b.sizeBytes, b.filesCount, b.description, b.error,"
                    + " b.schedule, b.mode, b.baseId, b.dependsOn";

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
                (String) row[9],
                (String) row[10],
                (String) row[11],
                Columns.lines((String) row[12]),
                ((Number) row[5]).longValue());
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
                backup.schedule(),
                backup.mode(),
                backup.baseId(),
                backup.dependsOn(),
                backup.sizeBytes());
    }

    /**
     * The same listings, each with the size of its chain: its own archive and those of the backups it depends on
     * that are usable, as {@code sizes} (id to archive size) knows them.
     */
    static List<BackupListing> withChainSizes(
            List<BackupListing> listings, Function<Collection<String>, Map<String, Long>> sizes) {
        var held = new LinkedHashSet<String>();
        listings.forEach(l -> held.addAll(l.dependsOn()));
        if (held.isEmpty()) {
            return listings;
        }
        var known = sizes.apply(held);
        return listings.stream()
                .map(l -> new BackupListing(
                        l.id,
                        l.type,
                        l.status,
                        l.startedAt,
                        l.finishedAt,
                        l.sizeBytes,
                        l.filesCount,
                        l.description,
                        l.error,
                        l.schedule,
                        l.mode,
                        l.baseId,
                        l.dependsOn,
                        l.sizeBytes
                                + l.dependsOn.stream()
                                        .mapToLong(id -> known.getOrDefault(id, 0L))
                                        .sum()))
                .toList();
    }

    /** As {@link Backup#duration()}. */
    public Duration duration() {
        return finishedAt == null ? null : Duration.between(startedAt, finishedAt);
    }
}
