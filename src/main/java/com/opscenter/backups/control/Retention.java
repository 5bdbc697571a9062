package com.opscenter.backups.control;

import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which backups retention removes: those older than the retention period, but never the newest completed
 * backup, never a running one, and never one in use.
 */
public final class Retention {

    private Retention() {
    }

    public static List<Backup> expired(List<Backup> backups, Instant now, int retentionDays, Predicate<String> inUse) {
        var cutoff = now.minus(Duration.ofDays(retentionDays));
        var newestCompleted = backups.stream()
                .filter(b -> b.status().isComplete())
                .max(Comparator.comparing(Backup::startedAt).thenComparing(Backup::id))
                .map(Backup::id)
                .orElse(null);
        return backups.stream()
                .filter(b -> b.startedAt().isBefore(cutoff))
                .filter(b -> b.status() != BackupStatus.RUNNING)
                .filter(b -> !b.id().equals(newestCompleted))
                .filter(b -> !inUse.test(b.id()))
                .toList();
    }
}
