package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import com.opscenter.backups.entity.BackupType;
import com.opscenter.platform.control.RecordingEvent;
import com.opscenter.platform.control.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local retention driven by a fixed clock, on real files in a temp folder. */
class BackupPrunerTest {

    @TempDir
    Path folder;

    final TestClock clock = TestClock.at("2026-12-01T12:00:00Z");
    final BackupUsage usage = new BackupUsage();
    final RecordingEvent<BackupDeleted> deleted = new RecordingEvent<>();
    InMemoryBackupCatalog catalog;
    BackupPruner policy;

    @BeforeEach
    void setUp() {
        catalog = new InMemoryBackupCatalog(clock);
        var archives = new BackupArchives(catalog, usage, new RecordingEvent<>(), deleted, Thread::new);
        policy = new BackupPruner(catalog, InMemoryConfigStore.of(folder, "0 2 * * *", 7), archives, usage, clock);
    }

    Backup completedDaysAgo(double days, int size) {
        var backup =
                TestBackups.completed(folder, clock.instant().minus(Duration.ofMinutes((long) (days * 24 * 60))), size);
        catalog.add(backup);
        return backup;
    }

    @Test
    void backupsOlderThanRetentionDaysAreRemovedWithTheirFiles() {
        var old = completedDaysAgo(20, 100);
        var older = completedDaysAgo(30, 50);
        var recent = completedDaysAgo(6.9, 10);
        var newest = completedDaysAgo(1, 10);

        var outcome = policy.apply();

        assertThat(outcome.removed()).containsExactlyInAnyOrder(old.id(), older.id());
        assertThat(outcome.bytesFreed()).isEqualTo(150);
        assertThat(outcome.errors()).isEmpty();
        assertThat(catalog.all()).extracting(Backup::id).containsExactly(newest.id(), recent.id());
        assertThat(folder.resolve(old.archiveFile())).doesNotExist();
        assertThat(ArchiveFormat.sidecarPath(folder, old.id())).doesNotExist();
        assertThat(folder.resolve(recent.archiveFile())).exists();
        assertThat(deleted.fired).extracting(BackupDeleted::backupId).containsExactlyInAnyOrder(old.id(), older.id());
    }

    @Test
    void theCutoffMovesWithTheClock() {
        var backup = completedDaysAgo(6, 10);
        completedDaysAgo(0.5, 10);
        assertThat(policy.apply().removed()).isEmpty();

        clock.advance(Duration.ofDays(1).plusMinutes(1));

        assertThat(policy.apply().removed()).containsExactly(backup.id());
    }

    @Test
    void theNewestCompletedBackupIsKeptHoweverOld() {
        var newest = completedDaysAgo(30, 10);
        var older = completedDaysAgo(40, 10);
        var failed = TestBackups.running(folder, clock.instant().minus(Duration.ofDays(20)));
        failed.failed("disk full", failed.startedAt());
        catalog.add(failed);

        var outcome = policy.apply();

        assertThat(outcome.removed()).containsExactlyInAnyOrder(older.id(), failed.id());
        assertThat(catalog.all()).extracting(Backup::id).containsExactly(newest.id());
    }

    @Test
    void backupsInUseAndRunningOnesAreKept() {
        completedDaysAgo(1, 10);
        var restoring = completedDaysAgo(20, 10);
        var running = TestBackups.running(folder, clock.instant().minus(Duration.ofDays(10)), "db-data");
        catalog.add(running);

        try (var use = usage.begin(restoring.id(), BackupUsage.Use.RESTORING)) {
            assertThat(policy.apply().removed()).isEmpty();
        }
        assertThat(policy.apply().removed()).containsExactly(restoring.id());
        assertThat(catalog.find(running.id())).get().extracting(Backup::status).isEqualTo(BackupStatus.RUNNING);
    }

    @Test
    void aDryRunNamesTheExpiredAndRemovesNothing() {
        var old = completedDaysAgo(20, 100);
        completedDaysAgo(1, 10);

        var report = policy.apply(true);

        assertThat(report.removed()).containsExactly(old.id());
        assertThat(report.freedBytes()).isZero();
        assertThat(catalog.all()).hasSize(2);
        assertThat(folder.resolve(old.archiveFile())).exists();
        assertThat(deleted.fired).isEmpty();
    }

    @Test
    void onlyASuccessfulBackupTriggersRetention() {
        var old = completedDaysAgo(20, 100);
        completedDaysAgo(1, 10);
        var failed = new BackupFinished(
                "backup-20261201-115900",
                BackupType.SCHEDULED,
                BackupStatus.FAILED,
                clock.instant(),
                Duration.ZERO,
                0,
                0,
                "boom",
                folder.toString(),
                "scheduler",
                List.of());
        policy.afterBackup(failed);
        assertThat(catalog.find(old.id())).isPresent();

        policy.afterBackup(new BackupFinished(
                "backup-20261201-115900",
                BackupType.SCHEDULED,
                BackupStatus.COMPLETED,
                clock.instant(),
                Duration.ZERO,
                1,
                1,
                null,
                folder.toString(),
                "scheduler",
                List.of()));
        assertThat(catalog.find(old.id())).isEmpty();
    }

    @Test
    void aBackupThatCannotBeRemovedIsReportedAndTheRestGoOn() {
        var old = completedDaysAgo(20, 100);
        var older = completedDaysAgo(25, 100);
        completedDaysAgo(1, 10);

        try (var download = usage.begin(old.id(), BackupUsage.Use.DOWNLOADING)) {
            // In use only from the moment retention chose it: the delete refuses it.
            var outcome = new BackupPruner(
                            catalog,
                            InMemoryConfigStore.of(folder, "0 2 * * *", 7),
                            new BackupArchives(catalog, usage, new RecordingEvent<>(), deleted, Thread::new),
                            new BackupUsage(),
                            clock)
                    .apply();
            assertThat(outcome.removed()).containsExactly(older.id());
            assertThat(outcome.errors())
                    .singleElement()
                    .asString()
                    .contains(old.id())
                    .contains("in use");
        }
    }
}
