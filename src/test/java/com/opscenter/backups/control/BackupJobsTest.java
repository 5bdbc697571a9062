package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.archive.ArchiveSpec;
import com.opscenter.archive.Codec;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import com.opscenter.backups.entity.BackupType;
import com.opscenter.platform.control.FixedNode;
import com.opscenter.platform.control.ManualTimer;
import com.opscenter.platform.control.RecordingEvent;
import com.opscenter.platform.control.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The rules of starting a backup and carrying it to its outcome, with the real archive engine on a temp folder. */
class BackupJobsTest {

    @TempDir
    Path dir;

    final TestClock clock = TestClock.at("2026-12-01T12:00:00Z");
    final RecordingEvent<BackupFinished> finished = new RecordingEvent<>();
    final List<Runnable> queued = new ArrayList<>();
    final ManualTimer timer = new ManualTimer();
    InMemoryBackupCatalog catalog;
    Path location;
    Map<String, Path> volumes;

    @BeforeEach
    void setUp() throws IOException {
        catalog = new InMemoryBackupCatalog(clock);
        location = dir.resolve("backups");
        volumes = new LinkedHashMap<>();
        for (var name : List.of("app-data", "db-data")) {
            var volume = Files.createDirectories(dir.resolve("volumes").resolve(name));
            for (int i = 0; i < 5; i++) {
                Files.writeString(volume.resolve("file-" + i + ".txt"), (name + " content " + i + "\n").repeat(200));
            }
            volumes.put(name, volume);
        }
    }

    BackupJobs jobs(Executor executor, Clock jobClock) {
        return jobs(executor, jobClock, InMemoryConfigStore.of(location, "0 2 * * *", 7));
    }

    BackupJobs jobs(Executor executor, Clock jobClock, InMemoryConfigStore configs) {
        return jobs(executor, jobClock, configs, 0);
    }

    BackupJobs jobs(Executor executor, Clock jobClock, InMemoryConfigStore configs, long minFreeBytes) {
        var settings = TestSettings.backup(location, dir.resolve("restore"));
        settings.minFreeBytes = minFreeBytes;
        var node = new FixedNode("node-a");
        return new BackupJobs(
                catalog,
                configs,
                new FixedSources(volumes),
                settings,
                node,
                new BackupLeases(catalog, settings, node, finished, clock, timer),
                finished,
                jobClock,
                executor,
                Thread::new);
    }

    /** Runs jobs when the test says so, so that a backup can be seen while it is running. */
    BackupJobs jobsQueued() {
        return jobs(queued::add, clock);
    }

    @Test
    void aStartedBackupIsReservedAtOnceWithAnIdAndStartTimeFromTheClock() {
        var backup = jobsQueued().start(BackupType.MANUAL, List.of("app-data"), "before upgrade", "alice");

        assertThat(backup.id()).isEqualTo("backup-20261201-120000");
        assertThat(backup.status()).isEqualTo(BackupStatus.RUNNING);
        assertThat(backup.startedAt()).isEqualTo(clock.instant());
        assertThat(backup.node()).isEqualTo("node-a");
        assertThat(backup.codec()).isEqualTo(Codec.GZIP);
        assertThat(catalog.find(backup.id())).isPresent();
        assertThat(queued).hasSize(1);
        assertThat(finished.fired).isEmpty();
    }

    @Test
    void aScheduledBackupTakesItsSchedulesVolumesCompressionAndName() {
        var schedule = new Schedule(
                "db-hourly",
                true,
                "0 * * * *",
                "UTC",
                List.of("db-data"),
                List.of(),
                Codec.ZSTD,
                3,
                Schedule.FULL,
                new com.opscenter.retention.KeepPolicy(0, 24, 7, 0, 0, 0),
                0,
                null);

        var backup = jobsQueued().start(schedule, "Scheduled backup (db-hourly)", "scheduler");

        assertThat(backup.type()).isEqualTo(BackupType.SCHEDULED);
        assertThat(backup.schedule()).isEqualTo("db-hourly");
        assertThat(backup.volumes()).containsExactly("db-data");
        assertThat(backup.codec()).isEqualTo(Codec.ZSTD);
        queued.forEach(Runnable::run);
        var sidecar = catalog.find(backup.id()).orElseThrow();
        assertThat(sidecar.schedule()).isEqualTo("db-hourly");
        assertThat(location.resolve(backup.id() + ".json")).content().contains("\"schedule\":\"db-hourly\"");
    }

    @Test
    void anIdAnotherServerStoredInTheSameSecondIsSkipped() {
        // The race between this server's exists() and its insert cannot be timed with a real database in a unit
        // test: the catalog plays the other server, storing the id first and failing the insert as PostgreSQL does.
        catalog = new InMemoryBackupCatalog(clock) {
            private boolean raced;

            @Override
            public void add(Backup backup) {
                if (!raced) {
                    raced = true;
                    super.add(Backup.started(
                            backup.id(),
                            BackupType.SCHEDULED,
                            "the other server's",
                            Codec.GZIP,
                            List.of("app-data"),
                            List.of(),
                            "scheduler",
                            "node-b",
                            location.toString(),
                            clock.instant()));
                    throw new IllegalStateException(
                            "rolled back",
                            new java.sql.SQLException(
                                    "duplicate key value violates unique constraint \"backups_pkey\"", "23505"));
                }
                super.add(backup);
            }
        };

        var backup = jobsQueued().start(BackupType.MANUAL, List.of("db-data"), null, "alice");

        assertThat(backup.id()).isEqualTo("backup-20261201-120000-2");
        assertThat(catalog.all()).hasSize(2);
    }

    @Test
    void aSecondBackupOfAVolumeBeingBackedUpIsRefused() {
        var jobs = jobsQueued();
        var first = jobs.start(BackupType.MANUAL, List.of("app-data"), null, "alice");

        assertThatThrownBy(() -> jobs.start(BackupType.MANUAL, List.of("db-data", "app-data"), null, "bob"))
                .isInstanceOf(BackupRunning.class)
                .hasMessageContaining(first.id())
                .hasMessageContaining("app-data");
        assertThat(catalog.all()).containsExactly(first);
    }

    @Test
    void backupsOfOtherVolumesRunSideBySideWithTheirOwnIds() {
        var jobs = jobsQueued();
        var first = jobs.start(BackupType.MANUAL, List.of("app-data"), null, "alice");
        var second = jobs.start(BackupType.MANUAL, List.of("db-data"), null, "bob");

        assertThat(second.id()).isEqualTo(first.id() + "-2");
        assertThat(catalog.withStatus(BackupStatus.RUNNING)).hasSize(2);
    }

    @Test
    void aFinishedBackupFreesItsVolumesForTheNext() {
        var jobs = jobsQueued();
        jobs.start(BackupType.MANUAL, List.of("app-data"), null, "alice");
        queued.remove(0).run();
        clock.advance(Duration.ofMinutes(1));

        var next = jobs.start(BackupType.MANUAL, List.of("app-data"), null, "alice");

        assertThat(next.id()).isEqualTo("backup-20261201-120100");
    }

    @Test
    void aBackupEndsCompletedWithItsArchiveAndTheFinishedEventSyncAndAsync() {
        var backup = jobs(Runnable::run, clock).start(BackupType.SCHEDULED, null, "nightly", "scheduler");

        var done = catalog.find(backup.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(done.archiveFile()).isEqualTo(backup.id() + ".tar.gz");
        assertThat(location.resolve(done.archiveFile())).isRegularFile();
        assertThat(done.filesCount()).isEqualTo(10);
        assertThat(done.finishedAt()).isEqualTo(clock.instant());
        assertThat(done.volumes()).containsExactly("app-data", "db-data");

        assertThat(finished.fired).singleElement().satisfies(event -> {
            assertThat(event.backupId()).isEqualTo(backup.id());
            assertThat(event.status()).isEqualTo(BackupStatus.COMPLETED);
            assertThat(event.succeeded()).isTrue();
            assertThat(event.actor()).isEqualTo("scheduler");
            assertThat(event.sizeBytes()).isEqualTo(done.sizeBytes()).isPositive();
        });
        assertThat(finished.firedAsync).containsExactlyElementsOf(finished.fired);
    }

    @Test
    void aBackupThatCannotWriteEndsFailedWithTheReasonAndTheFinishedEvent() throws IOException {
        Files.writeString(location, "a file where the backup folder should be");

        var backup = jobs(Runnable::run, clock).start(BackupType.MANUAL, List.of("app-data"), null, "alice");

        var done = catalog.find(backup.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(BackupStatus.FAILED);
        assertThat(done.error()).contains("is not a folder");
        assertThat(done.finishedAt()).isEqualTo(clock.instant());
        assertThat(finished.fired).singleElement().satisfies(event -> {
            assertThat(event.status()).isEqualTo(BackupStatus.FAILED);
            assertThat(event.succeeded()).isFalse();
            assertThat(event.error()).contains("is not a folder");
        });
        assertThat(finished.firedAsync).hasSize(1);
    }

    @Test
    void progressReachesTheCatalogAtMostOnceASecond() throws IOException {
        // Figures reach the catalog once the sources are counted, beside the archive: enough files that the count
        // is done long before the archive.
        for (int i = 0; i < 300; i++) {
            Files.writeString(volumes.get("app-data").resolve("more-" + i + ".txt"), "more content " + i);
        }
        var standingStill = jobs(Runnable::run, clock);
        var first = standingStill.start(BackupType.MANUAL, List.of("app-data"), null, "alice");
        var writesWhileStill = catalog.progressWrites.size();

        // Each reading of this clock is a second later than the one before.
        var ticking = new TestClock(clock.instant().plusSeconds(60));
        ticking.tickOnEveryReading(Duration.ofSeconds(1));
        catalog.progressWrites.clear();
        jobs(Runnable::run, ticking).start(BackupType.MANUAL, List.of("app-data"), null, "alice");

        assertThat(writesWhileStill).isEqualTo(1);
        assertThat(catalog.progressWrites).hasSizeGreaterThan(1);
        assertThat(catalog.find(first.id()).orElseThrow().status()).isEqualTo(BackupStatus.COMPLETED);
    }

    @Test
    @Timeout(120)
    void aBackupLargerThanTheFreeSpaceFailsOnceItsSourcesAreCountedHavingWrittenAtMostTheBoundBeforeThat()
            throws IOException {
        // 2 TiB of holes: counted in no time, far more than this disk holds, and read for hours if the count's
        // result were not waited for once the archive reached the bound.
        try (var sparse = java.nio.channels.FileChannel.open(
                volumes.get("app-data").resolve("huge.img"),
                java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            sparse.truncate(0).position((2L << 40) - 1).write(java.nio.ByteBuffer.wrap(new byte[1]));
        }

        var backup = jobs(Runnable::run, clock).start(BackupType.MANUAL, List.of("app-data"), null, "alice");

        var done = catalog.find(backup.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(BackupStatus.FAILED);
        // 2 TiB and the few kilobytes of the volume's other files.
        assertThat(done.error()).contains("Not enough space").containsPattern("the sources hold 219902\\d{7} bytes");
        try (var left = Files.list(location)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(backup.id()));
        }
    }

    @Test
    void aBackupIsRefusedWhenEvenWhatItWritesBeforeItsSourcesAreCountedWouldEatIntoTheSpaceToKeepFree() {
        var backup = jobs(Runnable::run, clock, InMemoryConfigStore.of(location, "0 2 * * *", 7), Long.MAX_VALUE / 4)
                .start(BackupType.MANUAL, List.of("app-data"), null, "alice");

        var done = catalog.find(backup.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(BackupStatus.FAILED);
        // Whichever report comes first (before or with the totals) refuses it.
        assertThat(done.error()).contains("Not enough space").contains("must stay free");
    }

    @Test
    void aBackupOfAnUnknownVolumeIsRefusedBeforeAnythingIsReserved() {
        assertThatThrownBy(() -> jobsQueued().start(BackupType.MANUAL, List.of("nope"), null, "alice"))
                .isInstanceOf(VolumeUnknown.class);
        assertThat(catalog.all()).isEmpty();
        assertThat(queued).isEmpty();
    }

    @Test
    void aVolumeHeldByABackupWhoseServerStoppedRenewingItsLeaseCanBeBackedUpAgain() {
        var orphan = CatalogRecoveryTest.runningOn(
                "vanished-host/defaultServer",
                location,
                clock.instant().minus(Duration.ofHours(1)),
                clock.instant().minusSeconds(1),
                "app-data");
        catalog.add(orphan);

        var next = jobsQueued().start(BackupType.MANUAL, List.of("app-data"), null, "alice");

        assertThat(next.status()).isEqualTo(BackupStatus.RUNNING);
        assertThat(orphan.status()).isEqualTo(BackupStatus.FAILED);
        assertThat(orphan.error()).startsWith("Interrupted: server vanished-host/defaultServer");
        assertThat(finished.fired).extracting(BackupFinished::backupId).containsExactly(orphan.id());
    }

    @Test
    void aVolumeHeldByAnotherServerWhoseLeaseLastsStaysHeld() {
        var held = CatalogRecoveryTest.runningOn(
                "node-b",
                location,
                clock.instant().minus(Duration.ofHours(1)),
                clock.instant().plusSeconds(1),
                "app-data");
        catalog.add(held);

        assertThatThrownBy(() -> jobsQueued().start(BackupType.MANUAL, List.of("app-data"), null, "alice"))
                .isInstanceOf(BackupRunning.class);
        assertThat(held.status()).isEqualTo(BackupStatus.RUNNING);
    }

    @Test
    void aStartedBackupHoldsALeaseThatItsJobRenewsOnATimerUntilItEnds() {
        var backup = jobsQueued().start(BackupType.MANUAL, List.of("app-data"), null, "alice");
        assertThat(backup.leaseUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));

        queued.remove(0).run();

        assertThat(catalog.find(backup.id()).orElseThrow().status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(timer.repeating).as("one renewal timer per job").hasSize(1);
        assertThat(timer.periods()).as("cancelled when the job ended").isEmpty();
    }

    @Test
    void aJobWhoseBackupAnotherServerFailedMeanwhileDropsItsOutcome() throws IOException {
        var backup = jobsQueued().start(BackupType.MANUAL, List.of("app-data"), null, "alice");
        catalog.change(
                backup.id(), b -> b.failed("Interrupted: server node-a stopped renewing its lease", clock.instant()));

        queued.remove(0).run();

        var after = catalog.find(backup.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(BackupStatus.FAILED);
        assertThat(after.error()).contains("stopped renewing its lease");
        assertThat(finished.fired).as("announced by the server that failed it").isEmpty();
        try (var files = Files.list(location)) {
            assertThat(files).as("no archive nobody catalogues").isEmpty();
        }
    }

    /** The volumes of a test, by name, as the backup sources would find them. */
    @Test
    void aModeOtherThanFullOrIncrementalIsRefused() {
        assertThatThrownBy(() -> jobsQueued().start(BackupType.MANUAL, List.of("app-data"), null, "alice", "sideways"))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageContaining("full")
                .hasMessageContaining("incremental");
        assertThat(catalog.all()).isEmpty();
    }

    /** A completed backup of app-data an hour ago, with its archive and local index in the backup folder. */
    Backup baseWithIndex() throws IOException {
        var base = TestBackups.completed(location, clock.instant().minus(Duration.ofHours(1)), 100);
        Files.write(com.opscenter.archive.format.ArchiveFormat.indexPath(location, base.id()), new byte[1]);
        catalog.add(base);
        return base;
    }

    @Test
    void anIncrementWithNothingToBuildOnIsAFullBackupThatSaysWhy() {
        var started = jobsQueued().start(BackupType.MANUAL, List.of("app-data"), null, "alice", "incremental");

        assertThat(started.backup().mode()).isEqualTo("full");
        assertThat(started.backup().baseId()).isNull();
        assertThat(started.modeReason()).contains("no completed backup of the same volumes and paths");
    }

    @Test
    void anIncrementalScheduleTakesAnIncrementAndAFullOneStaysFull() throws IOException {
        var base = baseWithIndex();
        var incremental = new Schedule(
                "nightly",
                true,
                "0 2 * * *",
                "UTC",
                List.of("app-data"),
                List.of(),
                Codec.GZIP,
                6,
                Schedule.INCREMENTAL,
                new com.opscenter.retention.KeepPolicy(7, 0, 0, 0, 0, 0),
                0,
                null);

        var configs = InMemoryConfigStore.of(location, "0 2 * * *", 7);
        var jobs = jobs(queued::add, clock, configs);
        var increment = jobs.start(incremental, "Scheduled backup (nightly)", "scheduler");
        assertThat(increment.mode()).isEqualTo("incremental");
        assertThat(increment.baseId()).isEqualTo(base.id());
        queued.clear();
        catalog.changeRunning(increment.id(), b -> b.failed("not run in this test", clock.instant()));

        var full = new Schedule(
                "weekly",
                true,
                "0 3 * * 0",
                "UTC",
                List.of("app-data"),
                List.of(),
                Codec.GZIP,
                6,
                Schedule.FULL,
                new com.opscenter.retention.KeepPolicy(4, 0, 0, 0, 0, 0),
                0,
                null);
        // Even with increments configured as the default: the schedule says full.
        configs.current().incremental(true, null, null);
        assertThat(jobsQueued()
                        .start(full, "Scheduled backup (weekly)", "scheduler")
                        .mode())
                .isEqualTo("full");
    }

    @Test
    void anIncrementRecordsItsBaseAndHoldsItWhileItRuns() throws IOException {
        var base = baseWithIndex();

        var started = jobsQueued().start(BackupType.MANUAL, List.of("app-data"), null, "alice", "incremental");

        var running = catalog.find(started.backup().id()).orElseThrow();
        assertThat(running.mode()).isEqualTo("incremental");
        assertThat(running.baseId()).isEqualTo(base.id());
        assertThat(running.dependsOn()).containsExactly(base.id());
        assertThat(started.modeReason()).isNull();
    }

    @Test
    void withoutAModeTheConfigurationDecidesAndAFullBackupIsFullWhenAsked() throws IOException {
        baseWithIndex();
        var configs = InMemoryConfigStore.of(location, "0 2 * * *", 7);
        var jobs = jobs(queued::add, clock, configs);

        var configuredFull = jobs.start(BackupType.MANUAL, List.of("app-data"), null, "alice", null);
        assertThat(configuredFull.backup().mode()).isEqualTo("full");
        assertThat(configuredFull.modeReason()).isNull();
        catalog.remove(configuredFull.backup().id());

        configs.current().incremental(true, null, null);
        clock.advance(Duration.ofSeconds(1));
        assertThat(jobs.start(BackupType.MANUAL, List.of("app-data"), null, "alice", null)
                        .backup()
                        .mode())
                .isEqualTo("incremental");
        catalog.all().stream().filter(b -> b.status() == BackupStatus.RUNNING).forEach(b -> catalog.remove(b.id()));

        clock.advance(Duration.ofSeconds(1));
        var askedFull = jobs.start(BackupType.MANUAL, List.of("app-data"), null, "alice", "full");
        assertThat(askedFull.backup().mode()).isEqualTo("full");
        assertThat(askedFull.modeReason()).isNull();
    }

    @Test
    void theFinishedRowSaysWhatTheSidecarSaysOfTheIncrement() throws IOException {
        baseWithIndex();

        var started = jobsQueued().start(BackupType.MANUAL, List.of("app-data"), null, "alice", "incremental");
        queued.forEach(Runnable::run);

        var done = catalog.find(started.backup().id()).orElseThrow();
        assertThat(done.status().isComplete()).isTrue();
        var sidecar = com.opscenter.archive.format.BackupSidecar.read(
                com.opscenter.archive.format.BackupSidecar.fileFor(location, done.id()));
        // Whatever the writer made of it: the row follows the archive, not the request.
        assertThat(done.mode()).isEqualTo(sidecar.mode());
        if (sidecar.incremental() != null) {
            assertThat(done.baseId()).isEqualTo(sidecar.incremental().baseId());
            assertThat(done.dependsOn()).isEqualTo(sidecar.incremental().dependsOn());
        } else {
            assertThat(done.baseId()).isNull();
            assertThat(done.dependsOn()).isEmpty();
        }
    }

    static final class FixedSources extends BackupSources {
        private final Map<String, Path> volumes;

        FixedSources(Map<String, Path> volumes) {
            this.volumes = volumes;
        }

        @Override
        public Selection select(List<String> includeVolumes, List<String> includePaths) {
            var names = includeVolumes == null ? List.copyOf(volumes.keySet()) : includeVolumes;
            var unknown = names.stream().filter(n -> !volumes.containsKey(n)).toList();
            if (!unknown.isEmpty()) {
                throw new VolumeUnknown("Unknown volume(s): " + String.join(", ", unknown));
            }
            var sorted = names.stream().sorted().toList();
            var sources = sorted.stream()
                    .map(n -> new ArchiveSpec.Source("volumes/" + n, volumes.get(n)))
                    .toList();
            return new Selection(sources, sorted, includePaths);
        }
    }
}
