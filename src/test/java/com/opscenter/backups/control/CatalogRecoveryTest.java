package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import com.opscenter.backups.entity.BackupType;
import com.opscenter.platform.control.FixedNode;
import com.opscenter.platform.control.RecordingEvent;
import com.opscenter.platform.control.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What start-up settles after a crash: this server's running backups fail, lost catalog rows come back. */
class CatalogRecoveryTest {

    @TempDir
    Path dir;

    final TestClock clock = TestClock.at("2026-12-01T12:00:00Z");

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

        new CatalogRecovery(catalog, InMemoryConfigStore.of(folder, "0 2 * * *", 7), new FixedNode("node-a"), clock)
                .recover();

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
                new RecordingEvent<>(),
                clock,
                Runnable::run,
                Thread::new);
        var kept = jobs.start(BackupType.MANUAL, null, "kept", "alice");
        clock.advance(Duration.ofMinutes(1));
        var lost = jobs.start(BackupType.MANUAL, null, "archive gone", "alice");
        Files.delete(folder.resolve(first.find(lost.id()).orElseThrow().archiveFile()));

        var fresh = new InMemoryBackupCatalog(clock);
        var recovery = new CatalogRecovery(
                fresh, InMemoryConfigStore.of(folder, "0 2 * * *", 7), new FixedNode("node-b"), clock);
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
}
