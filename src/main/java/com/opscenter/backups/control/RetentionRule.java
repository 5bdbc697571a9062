package com.opscenter.backups.control;

import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which backups retention removes: those older than the retention period, but never the newest completed
 * backup, never a running one, and never one in use.
 */
public final class RetentionRule {

    private RetentionRule() {}

    public static List<Backup> expired(List<Backup> backups, Instant now, int retentionDays, Predicate<String> inUse) {
        return expired(
                backups,
                Backup::id,
                Backup::startedAt,
                b -> b.status().isComplete(),
                b -> b.status() == BackupStatus.RUNNING || inUse.test(b.id()),
                now,
                retentionDays);
    }

    /** The same rule for anything with an id and a start time, such as copies in the cloud. */
    public static <T> List<T> expired(
            List<T> items,
            Function<T, String> id,
            Function<T, Instant> startedAt,
            Predicate<T> complete,
            Predicate<T> busy,
            Instant now,
            int retentionDays) {
        var cutoff = now.minus(Duration.ofDays(retentionDays));
        var newestCompleted = items.stream()
                .filter(complete)
                .max(Comparator.comparing(startedAt).thenComparing(id))
                .map(id)
                .orElse(null);
        return items.stream()
                .filter(b -> startedAt.apply(b).isBefore(cutoff))
                .filter(b -> !busy.test(b))
                .filter(b -> !id.apply(b).equals(newestCompleted))
                .toList();
    }
}
