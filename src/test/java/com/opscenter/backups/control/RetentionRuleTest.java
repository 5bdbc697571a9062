package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.archive.Codec;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionRuleTest {

    static final Instant NOW = Instant.parse("2025-10-23T02:00:00Z");

    static Backup completed(String id, int daysAgo) {
        return completed(id, daysAgo, List.of("v"), List.of(), 5);
    }

    static Backup completed(String id, int daysAgo, List<String> volumes, List<String> paths, long files) {
        var started = NOW.minus(Duration.ofDays(daysAgo));
        return Backup.fromArchive(
                id,
                BackupType.SCHEDULED,
                null,
                Codec.GZIP,
                started,
                started.plusSeconds(60),
                id + ".tar.gz",
                10,
                "ab",
                files,
                5,
                volumes,
                paths,
                List.of(),
                "node",
                "/backups");
    }

    static Backup failed(String id, int daysAgo) {
        var backup = Backup.started(
                id,
                BackupType.SCHEDULED,
                null,
                Codec.GZIP,
                List.of("v"),
                List.of(),
                "admin",
                "node",
                "/backups",
                NOW.minus(Duration.ofDays(daysAgo)));
        backup.failed("disk full", NOW);
        return backup;
    }

    static Backup running(String id, int daysAgo) {
        return Backup.started(
                id,
                BackupType.MANUAL,
                null,
                Codec.GZIP,
                List.of("v"),
                List.of(),
                "admin",
                "node",
                "/backups",
                NOW.minus(Duration.ofDays(daysAgo)));
    }

    static List<String> ids(List<Backup> backups) {
        return backups.stream().map(Backup::id).toList();
    }

    @Test
    void removesBackupsOlderThanTheRetentionPeriodOnly() {
        var backups = List.of(completed("new", 1), completed("edge", 6), completed("old", 8), failed("older", 20));
        assertThat(ids(RetentionRule.expired(backups, NOW, 7, id -> false))).containsExactlyInAnyOrder("old", "older");
    }

    @Test
    void neverRemovesTheNewestCompletedBackupEvenWhenItIsOld() {
        var backups = List.of(failed("recent-failure", 1), completed("only-good", 30), completed("older-good", 40));
        assertThat(ids(RetentionRule.expired(backups, NOW, 7, id -> false))).containsExactlyInAnyOrder("older-good");
    }

    @Test
    void neverRemovesRunningOrInUseBackups() {
        var backups = List.of(
                completed("newest", 1), running("stuck", 30), completed("being-restored", 30), completed("gone", 31));
        var inUse = Set.of("being-restored");
        assertThat(ids(RetentionRule.expired(backups, NOW, 7, inUse::contains))).containsExactly("gone");
    }

    @Test
    void nothingToRemoveFromAnEmptyCatalog() {
        assertThat(RetentionRule.expired(List.of(), NOW, 7, id -> false)).isEmpty();
    }

    @Test
    void keepsTheNewestGoodBackupOfEveryVolumeNotOnlyTheNewestOverall() {
        var backups = List.of(
                completed("b-new", 1, List.of("b"), List.of(), 5),
                completed("a-only", 30, List.of("a"), List.of(), 5),
                completed("a-older", 40, List.of("a"), List.of(), 5));
        assertThat(ids(RetentionRule.expired(backups, NOW, 7, id -> false))).containsExactly("a-older");
    }

    @Test
    void keepsTheNewestGoodBackupOfEveryIncludePath() {
        var backups = List.of(
                completed("volumes-new", 1, List.of("a"), List.of(), 5),
                completed("etc-only", 30, List.of(), List.of("/etc"), 5),
                completed("etc-older", 40, List.of(), List.of("/etc"), 5));
        assertThat(ids(RetentionRule.expired(backups, NOW, 7, id -> false))).containsExactly("etc-older");
    }

    @Test
    void aBackupOfSeveralVolumesIsKeptWhileItIsTheNewestOfAnyOfThem() {
        var backups = List.of(
                completed("a-new", 1, List.of("a"), List.of(), 5),
                completed("a-and-b", 30, List.of("a", "b"), List.of(), 5),
                completed("b-older", 40, List.of("b"), List.of(), 5));
        assertThat(ids(RetentionRule.expired(backups, NOW, 7, id -> false))).containsExactly("b-older");
    }

    @Test
    void partialEmptyOrFailedBackupsNeverProtectNorReplaceAGoodOne() {
        var warned = completed("a-partial", 10, List.of("a"), List.of(), 5);
        warned.archived("a-partial.tar.gz", 10, "ab", 5, List.of("volume b was unreachable"), NOW);
        var backups = List.of(
                failed("a-failed", 1),
                completed("a-empty", 20, List.of("a"), List.of(), 0),
                warned,
                completed("a-good", 30, List.of("a"), List.of(), 5),
                completed("a-older", 40, List.of("a"), List.of(), 5));
        assertThat(ids(RetentionRule.expired(backups, NOW, 7, id -> false)))
                .containsExactlyInAnyOrder("a-empty", "a-partial", "a-older");
    }
}
