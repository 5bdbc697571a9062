package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupType;
import com.opscenter.platform.control.FixedNode;
import com.opscenter.platform.control.ManualTimer;
import com.opscenter.platform.control.RecordingEvent;
import com.opscenter.platform.control.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a restore may write when the restore root shares a folder with the volumes, the backups and the server's
 * own files (as an environment may set it), and which modes the folders a restore or a backup creates get.
 */
class RestoreReachTest {

    @TempDir
    Path dir;

    final TestClock clock = TestClock.at("2026-12-01T12:00:00Z");
    final BackupUsage usage = new BackupUsage();
    final InMemoryBackupCatalog catalog = new InMemoryBackupCatalog(clock);

    /** Everything under one root: /data/{volumes,backups,server}, restores allowed anywhere in /data. */
    BackupSettings settings(Path root) {
        var settings = TestSettings.backup(root.resolve("backups"), root.resolve("restores"));
        settings.volumesRoot = root.resolve("volumes").toString();
        settings.protectedPaths = Optional.of(root.resolve("server/resources").toString());
        return settings;
    }

    Backup backup(BackupSettings settings, Path volume) {
        var folder = settings.defaultBackupLocation();
        var started = InlineJobs.of(catalog, settings, Map.of("app-data", volume), clock)
                .start(BackupType.MANUAL, null, null, "alice");
        return catalog.find(started.id()).orElseThrow();
    }

    BackupRestores restores(BackupSettings settings) {
        var archives = new BackupArchives(catalog, usage, new RecordingEvent<>(), new RecordingEvent<>(), Thread::new);
        return new BackupRestores(archives, usage, settings, null, new RecordingEvent<>(), Thread::new);
    }

    @Test
    void archivesSidecarsAndTheFoldersABackupCreatesAreTheOwnersOnly() throws IOException {
        var volume = Files.createDirectories(dir.resolve("volumes/app-data"));
        Files.writeString(volume.resolve("a.txt"), "hello");
        var settings = TestSettings.backup(dir.resolve("new/backups"), dir.resolve("restores"));

        var backup = backup(settings, volume);

        var folder = dir.resolve("new/backups");
        assertThat(backup.status().name()).isEqualTo("COMPLETED");
        assertThat(Files.getPosixFilePermissions(dir.resolve("new"))).isEqualTo(mode("rwx------"));
        assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(mode("rwx------"));
        try (var files = Files.list(folder)) {
            assertThat(files.toList())
                    .extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder(
                            backup.id() + ".tar.gz", backup.id() + ".json", backup.id() + ".index.jsonl.gz");
        }
        assertThat(Files.getPosixFilePermissions(folder.resolve(backup.id() + ".tar.gz")))
                .isEqualTo(mode("rw-------"));
        assertThat(Files.getPosixFilePermissions(folder.resolve(backup.id() + ".index.jsonl.gz")))
                .isEqualTo(mode("rw-------"));
        assertThat(Files.getPosixFilePermissions(folder.resolve(backup.id() + ".json")))
                .isEqualTo(mode("rw-------"));
    }

    @Test
    void aFolderTheAdministratorMadeKeepsItsMode() throws IOException {
        var volume = Files.createDirectories(dir.resolve("volumes/app-data"));
        Files.writeString(volume.resolve("a.txt"), "hello");
        var folder = Files.createDirectories(dir.resolve("shared-backups"));
        Files.setPosixFilePermissions(folder, mode("rwxr-x---"));

        var backup = backup(TestSettings.backup(folder, dir.resolve("restores")), volume);

        assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(mode("rwxr-x---"));
        assertThat(Files.getPosixFilePermissions(folder.resolve(backup.id() + ".tar.gz")))
                .isEqualTo(mode("rw-------"));
    }

    @Test
    void theRestoreRootAndEachRestoreFolderAreTheOwnersOnlyWhileTheTreeKeepsItsModes() throws IOException {
        var volume = Files.createDirectories(dir.resolve("volumes/app-data"));
        Files.writeString(volume.resolve("a.txt"), "hello");
        Files.setPosixFilePermissions(volume.resolve("a.txt"), mode("rw-r--r--"));
        var settings = TestSettings.backup(dir.resolve("backups"), dir.resolve("new/restores"));
        var backup = backup(settings, volume);

        var outcome = restores(settings).restore(backup, null, false, null);
        var nested = restores(settings).restore(backup, "team/a", false, null);

        assertThat(Files.getPosixFilePermissions(dir.resolve("new/restores"))).isEqualTo(mode("rwx------"));
        assertThat(Files.getPosixFilePermissions(outcome.destination())).isEqualTo(mode("rwx------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("new/restores/team")))
                .isEqualTo(mode("rwx------"));
        assertThat(Files.getPosixFilePermissions(nested.destination())).isEqualTo(mode("rwx------"));
        // What is inside is data: restored with the modes it was backed up with.
        assertThat(Files.getPosixFilePermissions(outcome.destination().resolve("volumes/app-data/a.txt")))
                .isEqualTo(mode("rw-r--r--"));
    }

    @Test
    void aRestoreInsideTheRestoreRootStillKeepsAwayFromVolumesBackupsAndServerFiles() throws IOException {
        var root = Files.createDirectories(dir.resolve("data"));
        var volume = Files.createDirectories(root.resolve("volumes/app-data"));
        Files.writeString(volume.resolve("a.txt"), "hello");
        Files.createDirectories(root.resolve("server/resources/security"));
        var settings = settings(root);
        settings.restoreRoot = root.toString();
        var backup = backup(settings, volume);
        var restores = restores(settings);
        var real = root.toRealPath();

        assertThatThrownBy(() -> restores.restore(backup, "volumes/new-volume", false, null))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessage("restore_path " + real.resolve("volumes/new-volume") + " overlaps the volumes root "
                        + root.resolve("volumes") + "; volumes are backed up and restored as volumes");
        assertThatThrownBy(() -> restores.restore(backup, "backups/x", false, null))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageContaining("overlaps the backup folder");
        assertThatThrownBy(() -> restores.restore(backup, "server/resources/security/x", false, null))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageContaining("one of the server's own files");
        assertThat(root.resolve("volumes/new-volume")).doesNotExist();
        assertThat(root.resolve("backups/x")).doesNotExist();
        assertThat(root.resolve("server/resources/security/x")).doesNotExist();

        assertThat(restores.restore(backup, "elsewhere", false, null)
                        .destination()
                        .resolve("volumes/app-data/a.txt"))
                .hasContent("hello");
    }

    @Test
    void aBackupRefusesAStoredIncludePathTheRootsNoLongerAllow() throws IOException {
        var root = Files.createDirectories(dir.resolve("data"));
        var volume = Files.createDirectories(root.resolve("volumes/app-data"));
        var server = Files.createDirectories(root.resolve("server/resources"));
        Files.writeString(server.resolve("key.p12"), "not really a key");
        var settings = settings(root);
        var folder = settings.defaultBackupLocation();
        // Stored before the roots existed: the server's key folder as an include path.
        var store = InMemoryConfigStore.of(folder, "0 2 * * *", 7);
        store.update(config -> config.update(
                null, null, null, null, List.of(server.toString()), null, null, null, null, clock.instant()));
        var jobs = new BackupJobs(
                catalog,
                store,
                new BackupJobsTest.FixedSources(Map.of("app-data", volume)),
                settings,
                new FixedNode("node-a"),
                new BackupLeases(
                        catalog, settings, new FixedNode("node-a"), new RecordingEvent<>(), clock, new ManualTimer()),
                new RecordingEvent<>(),
                clock,
                Runnable::run,
                Thread::new);

        var started = jobs.start(BackupType.MANUAL, null, null, "alice");

        var failed = catalog.find(started.id()).orElseThrow();
        assertThat(failed.status().name()).isEqualTo("FAILED");
        assertThat(failed.error())
                .startsWith("Refused by the configured roots")
                .contains(server + " overlaps " + server, "one of the server's own files");
        // Refused before anything was read or written.
        assertThat(folder).doesNotExist();
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> mode(String mode) {
        return PosixFilePermissions.fromString(mode);
    }
}
