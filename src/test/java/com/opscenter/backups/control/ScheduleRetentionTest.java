package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.archive.Codec;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupType;
import com.opscenter.platform.control.RecordingEvent;
import com.opscenter.platform.control.TestClock;
import com.opscenter.retention.KeepPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schedule's retention decision with its reasons (RetentionRule.decide), and BackupPruner applying it to that
 * schedule's backups on real files: keep counts in the schedule's zone, retention_days, and the trust rules that
 * no policy overrides.
 */
class ScheduleRetentionTest {

    static final Instant NOW = Instant.parse("2026-11-30T23:30:00Z");

    @TempDir
    Path folder;

    final TestClock clock = TestClock.at(NOW.toString());
    final BackupUsage usage = new BackupUsage();
    InMemoryBackupCatalog catalog;
    InMemoryConfigStore configs;
    InMemorySchedules schedules;
    BackupPruner pruner;

    @BeforeEach
    void setUp() {
        catalog = new InMemoryBackupCatalog(clock);
        configs = InMemoryConfigStore.of(folder, "0 2 * * *", 7);
        schedules = new InMemorySchedules(configs);
        var archives = new BackupArchives(catalog, usage, new RecordingEvent<>(), new RecordingEvent<>(), Thread::new);
        pruner = new BackupPruner(catalog, configs, archives, usage, clock, schedules);
    }

    static Schedule schedule(String name, List<String> volumes, KeepPolicy keep, int retentionDays, String zone) {
        return new Schedule(
                name,
                true,
                "0 * * * *",
                zone,
                volumes,
                List.of(),
                Codec.GZIP,
                6,
                Schedule.FULL,
                keep,
                retentionDays,
                null);
    }

    /** A complete backup with its archive in the folder, taken for {@code schedule} (null: manual). */
    Backup backup(String schedule, Instant at, String... volumes) {
        var backup = Backup.started(
                        TestBackups.idAt(at),
                        schedule == null ? BackupType.MANUAL : BackupType.SCHEDULED,
                        null,
                        Codec.GZIP,
                        List.of(volumes),
                        List.of(),
                        "test",
                        "node-a",
                        folder.toString(),
                        at)
                .forSchedule(schedule);
        backup.archived(backup.id() + ".tar.gz", 10, "0".repeat(64), 1, List.of(), at.plusSeconds(60));
        catalog.add(backup);
        return backup;
    }

    static Map<String, List<String>> kept(List<RetentionRule.Verdict<Backup>> verdicts) {
        return verdicts.stream()
                .filter(RetentionRule.Verdict::keep)
                .collect(Collectors.toMap(v -> v.item().id(), RetentionRule.Verdict::reasons));
    }

    @Test
    void anHourlyDatabaseScheduleKeeps24HourliesAnd7Dailies() {
        var db = schedule("db", List.of("db"), new KeepPolicy(0, 24, 7, 0, 0, 0), 0, "UTC");
        schedules.put(db);
        // Ten days of hourly backups, the newest at 23:00 on 30 November.
        var all = new ArrayList<Backup>();
        for (var at = Instant.parse("2026-11-21T00:00:00Z"); !at.isAfter(NOW); at = at.plus(Duration.ofHours(1))) {
            all.add(backup("db", at, "db"));
        }

        var outcome = pruner.apply(db, true);

        var kept = kept(outcome.verdicts());
        // 24 hourlies (all of 30 November) and one daily for each of 24 to 29 November; 30 November's daily is
        // the newest hourly.
        assertThat(kept).hasSize(24 + 6);
        assertThat(kept.get("backup-20261130-230000"))
                .containsExactly(
                        "hourly 2026-11-30 23:00",
                        "daily 2026-11-30",
                        "newest good backup",
                        "newest good backup of volume db");
        assertThat(kept.get("backup-20261130-000000")).containsExactly("hourly 2026-11-30 00:00");
        assertThat(kept.get("backup-20261124-230000")).containsExactly("daily 2026-11-24");
        assertThat(kept).doesNotContainKey("backup-20261123-230000");
        assertThat(outcome.verdicts()).hasSize(all.size());
        // A dry run removes nothing.
        assertThat(catalog.all()).hasSize(all.size());
        assertThat(outcome.outcome().removed()).isEmpty();
    }

    @Test
    void daysAreCountedInTheSchedulesZone() {
        // 23:30 UTC on 29 November is already 30 November in Berlin: in UTC these are two days, in Berlin one.
        var berlin = schedule("db", List.of("db"), new KeepPolicy(0, 0, 2, 0, 0, 0), 0, "Europe/Berlin");
        backup("db", Instant.parse("2026-11-29T23:30:00Z"), "db");
        backup("db", Instant.parse("2026-11-30T10:00:00Z"), "db");
        var older = backup("db", Instant.parse("2026-11-29T10:00:00Z"), "db");

        var verdicts = pruner.apply(berlin, true).verdicts();

        assertThat(kept(verdicts)).containsOnlyKeys("backup-20261130-100000", older.id());
        assertThat(kept(verdicts).get(older.id())).containsExactly("daily 2026-11-29");
    }

    @Test
    void theNewestGoodBackupOfAVolumeStaysAlthoughThePolicyWouldDropIt() {
        // The nightly schedule took volumes a and b, then only a: its older backup is b's only copy.
        var nightly = schedule("nightly", List.of("a"), new KeepPolicy(1, 0, 0, 0, 0, 0), 0, "UTC");
        schedules.put(nightly);
        var withB = backup("nightly", NOW.minus(Duration.ofDays(3)), "a", "b");
        var onlyA = backup("nightly", NOW.minus(Duration.ofDays(2)), "a");
        var newest = backup("nightly", NOW.minus(Duration.ofDays(1)), "a");

        var outcome = pruner.apply(nightly, false);

        var kept = kept(outcome.verdicts());
        assertThat(kept.get(withB.id())).containsExactly("newest good backup of volume b");
        assertThat(kept.get(newest.id())).contains("last #1", "newest good backup of volume a");
        assertThat(outcome.outcome().removed()).containsExactly(onlyA.id());
        assertThat(catalog.all()).extracting(Backup::id).containsExactlyInAnyOrder(withB.id(), newest.id());
        assertThat(folder.resolve(onlyA.archiveFile())).doesNotExist();
    }

    @Test
    void manualBackupsAndOtherSchedulesAreNotTouchedButCountForTheTrustRule() {
        var db = schedule("db", List.of("db"), new KeepPolicy(1, 0, 0, 0, 0, 0), 0, "UTC");
        schedules.put(db);
        var oldManual = backup(null, NOW.minus(Duration.ofDays(400)), "db");
        var otherSchedule = backup("nightly", NOW.minus(Duration.ofDays(300)), "web");
        var olderDb = backup("db", NOW.minus(Duration.ofDays(2)), "db");
        var newestManual = backup(null, NOW.minus(Duration.ofHours(1)), "db");
        var newestDb = backup("db", NOW.minus(Duration.ofDays(1)), "db");

        var outcome = pruner.apply(db, false);

        // Only the schedule's own backups are decided; the manual one is the newest of volume db, so the
        // schedule's backups are not protected for db's sake.
        assertThat(outcome.verdicts()).extracting(v -> v.item().id()).containsExactly(newestDb.id(), olderDb.id());
        assertThat(kept(outcome.verdicts()).get(newestDb.id())).containsExactly("last #1");
        assertThat(outcome.outcome().removed()).containsExactly(olderDb.id());
        assertThat(catalog.all())
                .extracting(Backup::id)
                .contains(oldManual.id(), otherSchedule.id(), newestManual.id());
    }

    @Test
    void runningInUseAndYoungBackupsStayWithTheirReasonsAndFailedOnesAreNotCounted() {
        var db = schedule("db", List.of("db"), new KeepPolicy(1, 0, 0, 0, 0, 0), 3, "UTC");
        var old = backup("db", NOW.minus(Duration.ofDays(10)), "db");
        var inUse = backup("db", NOW.minus(Duration.ofDays(9)), "db");
        var young = backup("db", NOW.minus(Duration.ofDays(2)), "db");
        var failed = Backup.started(
                        TestBackups.idAt(NOW.minus(Duration.ofHours(2))),
                        BackupType.SCHEDULED,
                        null,
                        Codec.GZIP,
                        List.of("db"),
                        List.of(),
                        "scheduler",
                        "node-a",
                        folder.toString(),
                        NOW.minus(Duration.ofHours(2)))
                .forSchedule("db");
        failed.failed("disk full", NOW.minus(Duration.ofHours(1)));
        catalog.add(failed);
        var running = TestBackups.running(folder, NOW.minus(Duration.ofMinutes(5)), "db")
                .forSchedule("db");
        catalog.add(running);

        List<RetentionRule.Verdict<Backup>> verdicts;
        try (var reading = usage.begin(inUse.id(), BackupUsage.Use.VERIFYING)) {
            verdicts = pruner.apply(db, true).verdicts();
        }

        var kept = kept(verdicts);
        assertThat(kept.get(running.id())).containsExactly("within retention_days (3)", "running");
        // keep_last counts complete backups only: the failed one neither takes the place of the newest good one
        // nor outlives retention_days because of it.
        assertThat(kept.get(failed.id())).containsExactly("within retention_days (3)");
        assertThat(kept.get(young.id()))
                .containsExactly(
                        "last #1",
                        "within retention_days (3)",
                        "newest good backup",
                        "newest good backup of volume db");
        assertThat(kept.get(inUse.id())).containsExactly("in use");
        assertThat(kept).doesNotContainKey(old.id());
    }

    @Test
    void aScheduledRunPrunesItsScheduleAndABackupOfADeletedScheduleIsKept() {
        var db = schedule("db", List.of("db"), new KeepPolicy(1, 0, 0, 0, 0, 0), 0, "UTC");
        schedules.put(db);
        var orphan = backup("gone", NOW.minus(Duration.ofDays(100)), "db");
        var older = backup("db", NOW.minus(Duration.ofDays(2)), "db");
        var newest = backup("db", NOW.minus(Duration.ofDays(1)), "db");

        pruner.afterBackup(BackupFinished.of(newest, "scheduler"));

        assertThat(catalog.all()).extracting(Backup::id).containsExactlyInAnyOrder(orphan.id(), newest.id());
        assertThat(folder.resolve(older.archiveFile())).doesNotExist();
    }

    @Test
    void theConfigurationsRetentionDaysStillGovernManualBackupsOnly() {
        var db = schedule("db", List.of("db"), new KeepPolicy(0, 0, 0, 0, 0, 100), 0, "UTC");
        schedules.put(db);
        var oldManual = backup(null, NOW.minus(Duration.ofDays(30)), "web");
        var newManual = backup(null, NOW.minus(Duration.ofDays(1)), "web");
        var oldScheduled = backup("db", NOW.minus(Duration.ofDays(31)), "db");

        var outcome = pruner.apply();

        assertThat(outcome.removed()).containsExactly(oldManual.id());
        assertThat(catalog.all()).extracting(Backup::id).containsExactlyInAnyOrder(newManual.id(), oldScheduled.id());
    }
}
