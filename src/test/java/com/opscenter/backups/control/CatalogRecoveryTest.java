package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.archive.format.ArchiveFormat;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What start-up settles after a crash: this server's running backups fail, lost catalog rows come back. */
class CatalogRecoveryTest {

    @TempDir
    Path dir;

    final TestClock clock = TestClock.at("2026-12-01T12:00:00Z");
    final RecordingEvent<BackupFinished> finished = new RecordingEvent<>();
    final ManualTimer timer = new ManualTimer();

    BackupLeases leases(BackupCatalog catalog, String node) {
        return new BackupLeases(
                catalog,
                TestSettings.backup(dir.resolve("backups"), dir.resolve("restore")),
                new FixedNode(node),
                finished,
                clock,
                timer);
    }

    CatalogRecovery recovery(BackupCatalog catalog, Path folder, String node) {
        return new CatalogRecovery(
                catalog,
                InMemoryConfigStore.of(folder, "0 2 * * *", 7),
                new FixedNode(node),
                leases(catalog, node),
                clock);
    }

    @Test
    void backupsThisServerWasRunningFailAndTheirTemporaryFilesGo() throws IOException {
        var folder = Files.createDirectories(dir.resolve("backups"));
        var catalog = new InMemoryBackupCatalog(clock);
        var mine = TestBackups.running(folder, clock.instant().minus(Duration.ofMinutes(5)), "app-data");
        var theirs = Backup.started(
                "backup-20261201-115000",
                BackupType.MANUAL,
                null,
                com.opscenter.archive.Codec.GZIP,
                List.of("db-data"),
                List.of(),
                "test",
                "node-b",
                folder.toString(),
                clock.instant());
        catalog.add(mine);
        catalog.add(theirs);
        var tempArchive = Files.writeString(ArchiveFormat.tempArchivePath(folder, mine.id()), "partial");
        var tempManifest = Files.writeString(ArchiveFormat.tempManifestPath(folder, mine.id()), "partial");

        recovery(catalog, folder, "node-a").recover();

        assertThat(mine.status()).isEqualTo(BackupStatus.FAILED);
        assertThat(mine.error()).startsWith("Interrupted");
        assertThat(mine.finishedAt()).isEqualTo(clock.instant());
        assertThat(tempArchive).doesNotExist();
        assertThat(tempManifest).doesNotExist();
        assertThat(theirs.status()).isEqualTo(BackupStatus.RUNNING);
    }

    @Test
    void archivesWithASidecarButNoCatalogRowAreCataloguedAgain() throws IOException {
        var folder = dir.resolve("backups");
        var volume = Files.createDirectories(dir.resolve("volumes/app-data"));
        Files.writeString(volume.resolve("a.txt"), "hello");
        var first = new InMemoryBackupCatalog(clock);
        var jobs = new BackupJobs(
                first,
                InMemoryConfigStore.of(folder, "0 2 * * *", 7),
                new BackupJobsTest.FixedSources(Map.of("app-data", volume)),
                TestSettings.backup(folder, dir.resolve("restore")),
                new FixedNode("node-a"),
                leases(first, "node-a"),
                new RecordingEvent<>(),
                clock,
                Runnable::run,
                Thread::new);
        var kept = jobs.start(BackupType.MANUAL, null, "kept", "alice");
        clock.advance(Duration.ofMinutes(1));
        var lost = jobs.start(BackupType.MANUAL, null, "archive gone", "alice");
        Files.delete(folder.resolve(first.find(lost.id()).orElseThrow().archiveFile()));

        var fresh = new InMemoryBackupCatalog(clock);
        var recovery = recovery(fresh, folder, "node-b");
        recovery.recover();

        assertThat(fresh.find(kept.id())).get().satisfies(backup -> {
            assertThat(backup.status()).isEqualTo(BackupStatus.COMPLETED);
            assertThat(backup.description()).isEqualTo("kept");
            assertThat(backup.sha256())
                    .isEqualTo(first.find(kept.id()).orElseThrow().sha256());
        });
        assertThat(fresh.find(lost.id())).get().extracting(Backup::status).isEqualTo(BackupStatus.MISSING);
        assertThat(recovery.rebuildFrom(folder)).isZero();
    }

    static Backup runningOn(String node, Path folder, Instant startedAt, Instant leaseUntil, String volume) {
        var backup = Backup.started(
                TestBackups.idAt(startedAt),
                BackupType.MANUAL,
                null,
                com.opscenter.archive.Codec.GZIP,
                List.of(volume),
                List.of(),
                "bob",
                node,
                folder.toString(),
                startedAt);
        backup.leaseUntil(leaseUntil);
        return backup;
    }

    @Test
    void aBackupOfAVanishedServerIsFailedOnceItsLeaseRanOutWithItsTemporaryFilesAndTheFailureAnnounced()
            throws IOException {
        var folder = Files.createDirectories(dir.resolve("backups"));
        var catalog = new InMemoryBackupCatalog(clock);
        var lapsedAt = clock.instant().minusSeconds(1);
        var orphan = runningOn(
                "vanished-host/defaultServer",
                folder,
                clock.instant().minus(Duration.ofMinutes(10)),
                lapsedAt,
                "app-data");
        catalog.add(orphan);
        var tempArchive = Files.writeString(ArchiveFormat.tempArchivePath(folder, orphan.id()), "partial");

        recovery(catalog, folder, "node-a").recover();

        assertThat(orphan.status()).isEqualTo(BackupStatus.FAILED);
        assertThat(orphan.error())
                .isEqualTo("Interrupted: server vanished-host/defaultServer stopped renewing its lease at " + lapsedAt);
        assertThat(orphan.finishedAt()).isEqualTo(clock.instant());
        assertThat(tempArchive).doesNotExist();
        assertThat(finished.fired).singleElement().satisfies(event -> {
            assertThat(event.backupId()).isEqualTo(orphan.id());
            assertThat(event.status()).isEqualTo(BackupStatus.FAILED);
            assertThat(event.actor()).isEqualTo("bob");
        });
        assertThat(finished.firedAsync).containsExactlyElementsOf(finished.fired);
    }

    @Test
    void aBackupOfAnotherServerStaysRunningWhileItsLeaseLastsAndFailsAtTheNextSweepAfter() throws IOException {
        var folder = Files.createDirectories(dir.resolve("backups"));
        var catalog = new InMemoryBackupCatalog(clock);
        var live = runningOn(
                "node-b",
                folder,
                clock.instant().minus(Duration.ofMinutes(10)),
                clock.instant().plusSeconds(30),
                "app-data");
        catalog.add(live);
        var leases = leases(catalog, "node-a");

        assertThat(leases.expireOthers()).isZero();
        assertThat(live.status()).isEqualTo(BackupStatus.RUNNING);
        assertThat(finished.fired).isEmpty();

        clock.advance(Duration.ofSeconds(31));
        assertThat(leases.expireOthers()).isOne();
        assertThat(live.status()).isEqualTo(BackupStatus.FAILED);
        assertThat(leases.expireOthers()).as("failed once only").isZero();
        assertThat(finished.fired).hasSize(1);
    }

    @Test
    void aRowFromBeforeLeasesIsLeftAloneForADayAfterItsStart() {
        var folder = dir.resolve("backups");
        var catalog = new InMemoryBackupCatalog(clock);
        var old = runningOn("old-host/defaultServer", folder, clock.instant().minus(Duration.ofHours(23)), null, "a");
        catalog.add(old);
        var leases = leases(catalog, "node-a");

        assertThat(leases.expireOthers()).isZero();
        assertThat(old.status()).isEqualTo(BackupStatus.RUNNING);

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(leases.expireOthers()).isOne();
        assertThat(old.status()).isEqualTo(BackupStatus.FAILED);
        assertThat(old.error()).contains("old-host/defaultServer");
    }

    @Test
    void aLeaseIsRenewedOnATimerUntilClosedAndIsLostOnceAnotherServerFailedTheBackup() {
        var folder = dir.resolve("backups");
        var catalog = new InMemoryBackupCatalog(clock);
        var mine = runningOn("node-a", folder, clock.instant(), clock.instant().plus(Duration.ofMinutes(2)), "a");
        catalog.add(mine);
        var leases = leases(catalog, "node-a");

        var lease = leases.hold(mine.id());
        assertThat(timer.periods()).containsExactly(Duration.ofSeconds(30));
        clock.advance(Duration.ofMinutes(5));
        timer.tick();
        assertThat(mine.leaseUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));
        assertThat(lease.lost()).isFalse();

        // Another server decided the lease had lapsed (say this one stood still for minutes) and failed it.
        mine.failed("Interrupted: server node-a stopped renewing its lease at ...", clock.instant());
        timer.tick();
        assertThat(lease.lost()).isTrue();
        assertThat(timer.periods()).as("renewals stop").isEmpty();

        var other = runningOn("node-a", folder, clock.instant().plusSeconds(1), clock.instant(), "b");
        catalog.add(other);
        leases.hold(other.id()).close();
        assertThat(timer.periods()).isEmpty();
    }
}
