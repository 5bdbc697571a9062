package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.archive.Codec;
import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupType;
import com.opscenter.platform.control.DomainException;
import com.opscenter.platform.control.RecordingEvent;
import com.opscenter.platform.control.TestClock;
import com.opscenter.retention.KeepPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chains are never broken: retention keeps what a staying backup depends on and says why, and a backup others
 * depend on cannot be deleted before them. Real archive and sidecar files in a temp folder.
 */
class BackupChainsTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path folder;

    final TestClock clock = TestClock.at(NOW.toString());
    final BackupUsage usage = new BackupUsage();
    final RecordingEvent<BackupDeleted> deleted = new RecordingEvent<>();
    InMemoryBackupCatalog catalog;
    InMemorySchedules schedules;
    BackupArchives archives;
    BackupPruner pruner;

    @BeforeEach
    void setUp() {
        catalog = new InMemoryBackupCatalog(clock);
        var configs = InMemoryConfigStore.of(folder, "0 2 * * *", 7);
        schedules = new InMemorySchedules(configs);
        archives = new BackupArchives(catalog, usage, new RecordingEvent<>(), deleted, Thread::new);
        pruner = new BackupPruner(catalog, configs, archives, usage, clock, schedules);
    }

    static Schedule keepLast(int last) {
        return new Schedule(
                "db",
                true,
                "0 * * * *",
                "UTC",
                List.of("db"),
                List.of(),
                Codec.GZIP,
                6,
                Schedule.FULL,
                new KeepPolicy(last, 0, 0, 0, 0, 0),
                0,
                null);
    }

    /** A complete backup of volume db, taken for {@code schedule} (null: manual), with archive and sidecar. */
    Backup backup(String schedule, Duration ago) throws Exception {
        var at = NOW.minus(ago);
        var backup = started(schedule, at);
        var archive = backup.id() + Codec.GZIP.extension();
        Files.write(folder.resolve(archive), new byte[10]);
        Files.writeString(ArchiveFormat.sidecarPath(folder, backup.id()), "{}");
        backup.archived(archive, 10, "0".repeat(64), 1, List.of(), at.plusSeconds(60));
        catalog.add(backup);
        return backup;
    }

    /** A running backup of volume db; an increment of the last of {@code holders} when there are any. */
    Backup started(String schedule, Instant at, String... holders) {
        var backup = Backup.started(
                        TestBackups.idAt(at),
                        schedule == null ? BackupType.MANUAL : BackupType.SCHEDULED,
                        null,
                        Codec.GZIP,
                        List.of("db"),
                        List.of(),
                        "test",
                        "node-a",
                        folder.toString(),
                        at)
                .forSchedule(schedule);
        return holders.length == 0 ? backup : backup.incrementOf(holders[holders.length - 1], List.of(holders));
    }

    /** A complete increment whose content lies in {@code holders} too (the last is its base). */
    Backup increment(String schedule, Duration ago, Backup... holders) throws Exception {
        var ids = Arrays.stream(holders).map(Backup::id).toList();
        return backup(schedule, ago).incrementOf(ids.get(ids.size() - 1), ids);
    }

    boolean onDisk(Backup backup) {
        return Files.exists(folder.resolve(backup.archiveFile()));
    }

    @Test
    void aChainOfFullAndTwoIncrementsStaysWholeUnderKeepLastOne() throws Exception {
        var db = keepLast(1);
        schedules.put(db);
        var full = backup("db", Duration.ofDays(3));
        var inc1 = increment("db", Duration.ofDays(2), full);
        var inc2 = increment("db", Duration.ofDays(1), full, inc1);

        var outcome = pruner.apply(db, false);

        assertThat(outcome.outcome().removed()).isEmpty();
        var kept = ScheduleRetentionTest.kept(outcome.verdicts());
        assertThat(kept.get(inc2.id())).contains("last #1");
        assertThat(kept.get(inc1.id())).containsExactly("kept for its chain: " + inc2.id() + " depends on it");
        assertThat(kept.get(full.id()))
                .containsExactly("kept for its chain: " + inc1.id() + " and " + inc2.id() + " depend on it");
        assertThat(List.of(full, inc1, inc2)).allMatch(this::onDisk);
    }

    @Test
    void afterANewFullAndItsIncrementTheOldChainGoesExceptWhatIsStillNeeded() throws Exception {
        var db = keepLast(1);
        schedules.put(db);
        var full1 = backup("db", Duration.ofDays(5));
        var inc1 = increment("db", Duration.ofDays(4), full1);
        var inc2 = increment("db", Duration.ofDays(3), full1, inc1);
        var full2 = backup("db", Duration.ofDays(2));
        var inc3 = increment("db", Duration.ofDays(1), full2);

        // inc1 is being restored: it stays, and so does the full backup it needs; inc2 needs inc1 but goes.
        BackupPruner.ScheduleOutcome outcome;
        try (var restoring = usage.begin(inc1.id(), BackupUsage.Use.RESTORING)) {
            outcome = pruner.apply(db, false);
        }

        assertThat(outcome.outcome().removed()).containsExactly(inc2.id());
        var kept = ScheduleRetentionTest.kept(outcome.verdicts());
        assertThat(kept.get(full2.id())).containsExactly("kept for its chain: " + inc3.id() + " depends on it");
        assertThat(kept.get(inc1.id())).containsExactly("in use");
        assertThat(kept.get(full1.id())).containsExactly("kept for its chain: " + inc1.id() + " depends on it");
        assertThat(catalog.all()).extracting(Backup::id).containsExactly(inc3.id(), full2.id(), inc1.id(), full1.id());

        // Once nothing needs it, the rest of the old chain goes on the next run, increment before its full.
        var next = pruner.apply(db, false);

        assertThat(next.outcome().removed()).containsExactly(inc1.id(), full1.id());
        assertThat(next.outcome().errors()).isEmpty();
        assertThat(catalog.all()).extracting(Backup::id).containsExactly(inc3.id(), full2.id());
        assertThat(List.of(full1, inc1, inc2)).noneMatch(this::onDisk);
        assertThat(List.of(full2, inc3)).allMatch(this::onDisk);
    }

    @Test
    void aRunningIncrementProtectsItsBaseAndAFailedOneDoesNot() throws Exception {
        var base = backup(null, Duration.ofDays(20));
        var newer = backup(null, Duration.ofDays(10));
        var running = started(null, NOW.minus(Duration.ofMinutes(5)), base.id());
        catalog.add(running);

        var dryRun = pruner.apply(true);
        assertThat(dryRun.removed()).isEmpty();
        assertThat(pruner.apply().removed()).isEmpty();
        assertThat(onDisk(base)).isTrue();

        catalog.failed(running.id(), "disk full");

        // The failed increment stays for retention_days like any failed backup, but needs nothing.
        assertThat(pruner.apply().removed()).containsExactly(base.id());
        assertThat(catalog.all()).extracting(Backup::id).containsExactly(running.id(), newer.id());
        assertThat(onDisk(base)).isFalse();
    }

    @Test
    void anIncrementOfAnotherPolicyProtectsItsBase() throws Exception {
        // The configuration's retention_days governs manual backups; a schedule's increment built on an old
        // manual backup is not this run's to decide, so it stays and keeps its base.
        schedules.put(keepLast(1));
        var manualFull = backup(null, Duration.ofDays(30));
        var scheduledIncrement = increment("db", Duration.ofDays(20), manualFull);
        var newestManual = backup(null, Duration.ofDays(1));

        assertThat(pruner.apply().removed()).isEmpty();
        assertThat(catalog.all())
                .extracting(Backup::id)
                .containsExactly(newestManual.id(), scheduledIncrement.id(), manualFull.id());
    }

    @Test
    void whenAnIncrementCannotBeRemovedWhatItDependsOnStaysWithoutAnotherError() throws Exception {
        var full = backup(null, Duration.ofDays(30));
        var inc = increment(null, Duration.ofDays(20), full);
        backup(null, Duration.ofDays(1));

        try (var download = usage.begin(inc.id(), BackupUsage.Use.DOWNLOADING)) {
            // In use only from the moment retention chose it: a pruner that did not see the use.
            var outcome = new BackupPruner(
                            catalog, InMemoryConfigStore.of(folder, "0 2 * * *", 7), archives, new BackupUsage(), clock)
                    .apply();
            assertThat(outcome.removed()).isEmpty();
            assertThat(outcome.errors()).singleElement().asString().contains(inc.id(), "in use");
        }
        assertThat(List.of(full, inc)).allMatch(this::onDisk);
    }

    @Test
    void aBackupOthersDependOnCannotBeDeletedUntilTheyAreGone() throws Exception {
        var full = backup(null, Duration.ofDays(3));
        var inc1 = increment(null, Duration.ofDays(2), full);
        var inc2 = increment(null, Duration.ofDays(1), full, inc1);

        assertThatThrownBy(() -> archives.delete(full.id()))
                .isInstanceOf(BackupDependedOn.class)
                .hasMessage(full.id() + " cannot be deleted: " + inc1.id() + " and " + inc2.id()
                        + " depend on it; delete them first")
                .satisfies(e -> assertThat(((DomainException) e).kind()).isEqualTo(DomainException.Kind.CONFLICT));
        assertThatThrownBy(() -> archives.delete(inc1.id()))
                .hasMessage(inc1.id() + " cannot be deleted: " + inc2.id() + " depends on it; delete it first");
        assertThat(List.of(full, inc1, inc2)).allMatch(this::onDisk);
        assertThat(deleted.fired).isEmpty();

        archives.delete(inc2.id());
        archives.delete(inc1.id());
        archives.delete(full.id());

        assertThat(catalog.all()).isEmpty();
        assertThat(List.of(full, inc1, inc2)).noneMatch(this::onDisk);
    }

    @Test
    void aRunningIncrementBlocksTheDeleteOfItsBaseAndAFailedOneDoesNot() throws Exception {
        var base = backup(null, Duration.ofDays(1));
        var running = started(null, NOW.minus(Duration.ofMinutes(1)), base.id());
        catalog.add(running);

        assertThatThrownBy(() -> archives.delete(base.id())).isInstanceOf(BackupDependedOn.class);

        catalog.failed(running.id(), "cancelled");
        archives.delete(base.id());

        assertThat(catalog.find(base.id())).isEmpty();
    }
}
