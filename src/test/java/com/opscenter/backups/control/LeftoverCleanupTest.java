package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.platform.control.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What start-up removes or puts back after a crash. The crash itself cannot be caused in a unit test, so the
 * files are laid out as the interrupted restore, backup or download leaves them.
 */
class LeftoverCleanupTest {

    @TempDir
    Path dir;

    final TestClock clock = TestClock.at("2026-12-01T12:00:00Z");

    @Test
    void interruptedRestoresEndWithAWholeVolumeAndStagingGoes() throws IOException {
        var volumes = Files.createDirectories(dir.resolve("volumes"));
        var old = Files.createDirectories(volumes.resolve(".app-data.restore-old-77"));
        Files.writeString(old.resolve("kept"), "the volume before the restore");
        Files.createDirectories(volumes.resolve(".app-data.restore-tmp-5")).resolve("x");
        var restores = Files.createDirectories(dir.resolve("restores"));
        Files.createDirectories(restores.resolve(".restore_backup-20261201-110000.restore-tmp-9"));

        var done = new LeftoverCleanup(new InMemoryBackupCatalog(clock))
                .settle(List.of(volumes, restores, dir.resolve("absent")), dir.resolve("no-backups"), clock);

        assertThat(Files.readString(volumes.resolve("app-data").resolve("kept")))
                .isEqualTo("the volume before the restore");
        assertThat(list(volumes)).containsExactly("app-data");
        assertThat(list(restores)).isEmpty();
        assertThat(done).hasSize(3);
    }

    @Test
    void temporaryFilesGoUnlessTheirBackupRunsOrTheirDownloadIsBeingWritten() throws IOException {
        var folder = Files.createDirectories(dir.resolve("backups"));
        var catalog = new InMemoryBackupCatalog(clock);
        var running = TestBackups.running(folder, clock.instant().minus(Duration.ofMinutes(1)), "db");
        catalog.add(running);
        var runningTemp = Files.writeString(ArchiveFormat.tempArchivePath(folder, running.id()), "being written");
        var crashed = Files.writeString(ArchiveFormat.tempArchivePath(folder, "backup-20261130-020000"), "x");
        var crashedManifest = Files.writeString(ArchiveFormat.tempManifestPath(folder, "backup-20261130-020000"), "x");
        var crashedSidecar = Files.writeString(folder.resolve("backup-20261130-020000.json.tmp"), "x");
        var oldDownload = Files.writeString(folder.resolve("backup-20261129-020000.download.tmp"), "x");
        Files.setLastModifiedTime(oldDownload, FileTime.from(clock.instant().minus(Duration.ofHours(2))));
        var activeDownload = Files.writeString(folder.resolve("backup-20261128-020000.download.tmp"), "x");
        Files.setLastModifiedTime(activeDownload, FileTime.from(clock.instant().minus(Duration.ofMinutes(1))));
        var notOurs = Files.writeString(folder.resolve("notes.tmp"), "someone's");
        var oldCloudCopy = Files.writeString(folder.resolve(".backup-20261127-020000.cloud-123.tmp"), "x");
        var oldCloudSidecar = Files.writeString(folder.resolve(".backup-20261127-020000.cloud-124.json.tmp"), "x");
        Files.setLastModifiedTime(oldCloudCopy, FileTime.from(clock.instant().minus(Duration.ofDays(2))));
        Files.setLastModifiedTime(oldCloudSidecar, FileTime.from(clock.instant().minus(Duration.ofDays(2))));
        // Written three hours ago and perhaps still being read by a long upload from another server.
        var uploadingCloudCopy = Files.writeString(folder.resolve(".backup-20261126-020000.cloud-125.tmp"), "x");
        Files.setLastModifiedTime(
                uploadingCloudCopy, FileTime.from(clock.instant().minus(Duration.ofHours(3))));
        var hiddenNotOurs = Files.writeString(folder.resolve(".notes.cloud-1.tmp"), "someone's");
        Files.setLastModifiedTime(hiddenNotOurs, FileTime.from(clock.instant().minus(Duration.ofDays(2))));

        new LeftoverCleanup(catalog).settle(List.of(), folder, clock);

        assertThat(runningTemp).exists();
        assertThat(activeDownload).exists();
        assertThat(notOurs).exists();
        assertThat(uploadingCloudCopy).exists();
        assertThat(hiddenNotOurs).exists();
        assertThat(oldCloudCopy).doesNotExist();
        assertThat(oldCloudSidecar).doesNotExist();
        assertThat(crashed).doesNotExist();
        assertThat(crashedManifest).doesNotExist();
        assertThat(crashedSidecar).doesNotExist();
        assertThat(oldDownload).doesNotExist();
    }

    private static List<String> list(Path folder) throws IOException {
        try (var names = Files.list(folder)) {
            return names.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
