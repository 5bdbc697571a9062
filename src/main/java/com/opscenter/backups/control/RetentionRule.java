package com.opscenter.backups.control;

import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which backups retention removes: those older than the retention period, except the newest good backup of every
 * volume and every include path (so a backup of volume B never costs volume A its only copy), the newest good
 * backup overall, running backups and backups in use. Only a good backup protects: a failed one, one that
 * completed with warnings (it may lack what it promised) or one that holds no file never takes the place of an
 * older good one.
 */
public final class RetentionRule {

    /** What a backup of everything protects when it names no volume and no path. */
    private static final String EVERYTHING = "";

    private RetentionRule() {}

    public static List<Backup> expired(List<Backup> backups, Instant now, int retentionDays, Predicate<String> inUse) {
        return expired(
                backups,
                Backup::id,
                Backup::startedAt,
                b -> b.status() == BackupStatus.COMPLETED && b.filesCount() > 0,
                b -> b.status() == BackupStatus.RUNNING || inUse.test(b.id()),
                RetentionRule::subjects,
                now,
                retentionDays);
    }

    /** The volumes and include paths a backup holds, each under its own name space. */
    public static List<String> subjects(List<String> volumes, List<String> paths) {
        var subjects = new ArrayList<String>();
        volumes.forEach(v -> subjects.add("volume:" + v));
        paths.forEach(p -> subjects.add("path:" + p));
        return subjects;
    }

    private static List<String> subjects(Backup backup) {
        return subjects(backup.volumes(), backup.paths());
    }

    /** The same rule for anything with an id, a start time and what it holds, such as copies in the cloud. */
    public static <T> List<T> expired(
            List<T> items,
            Function<T, String> id,
            Function<T, Instant> startedAt,
            Predicate<T> good,
            Predicate<T> busy,
            Function<T, ? extends Collection<String>> subjects,
            Instant now,
            int retentionDays) {
        var cutoff = now.minus(Duration.ofDays(retentionDays));
        Comparator<T> newestFirst =
                Comparator.comparing(startedAt).thenComparing(id).reversed();
        Map<String, T> newestGoodPerSubject = new HashMap<>();
        items.stream().filter(good).sorted(newestFirst).forEach(item -> {
            newestGoodPerSubject.putIfAbsent(EVERYTHING, item);
            for (var subject : subjects.apply(item)) {
                newestGoodPerSubject.putIfAbsent(subject, item);
            }
        });
        var protectedIds = new HashSet<String>();
        newestGoodPerSubject.values().forEach(item -> protectedIds.add(id.apply(item)));
        return items.stream()
                .filter(b -> startedAt.apply(b).isBefore(cutoff))
                .filter(b -> !busy.test(b))
                .filter(b -> !protectedIds.contains(id.apply(b)))
                .toList();
    }
}
