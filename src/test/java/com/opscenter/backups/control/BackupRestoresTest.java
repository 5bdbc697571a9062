package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupType;
import com.opscenter.platform.control.RecordingEvent;
import com.opscenter.platform.control.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restoring a real archive into the restore root, with the engine on plain threads. */
class BackupRestoresTest {

    @TempDir
    Path dir;

    final TestClock clock = TestClock.at("2026-12-01T12:00:00Z");
    final BackupUsage usage = new BackupUsage();
    final RecordingEvent<BackupRestored> restored = new RecordingEvent<>();
    InMemoryBackupCatalog catalog;
    BackupRestores restores;
    Backup backup;

    @BeforeEach
    void setUp() throws IOException {
        var folder = dir.resolve("backups");
        var volume = Files.createDirectories(dir.resolve("volumes/app-data"));
        Files.writeString(volume.resolve("a.txt"), "hello");
        Files.createDirectories(volume.resolve("docs"));
        Files.writeString(volume.resolve("docs/b.txt"), "inside docs");
        catalog = new InMemoryBackupCatalog(clock);
        var settings = TestSettings.backup(folder, dir.resolve("restore"));
        var started = InlineJobs.of(catalog, settings, Map.of("app-data", volume), clock)
                .start(BackupType.MANUAL, null, null, "alice");
        backup = catalog.find(started.id()).orElseThrow();
        var archives = new BackupArchives(catalog, usage, new RecordingEvent<>(), new RecordingEvent<>(), Thread::new);
        restores = new BackupRestores(archives, usage, settings, null, restored, Thread::new);
    }

    @Test
    void aRestoreWithoutPathGoesToANumberedFolderUnderTheRestoreRoot() throws IOException {
        var first = restores.restore(backup, null, true, null);
        var second = restores.restore(backup, null, false, null);

        var root = dir.resolve("restore").toRealPath();
        assertThat(first.destination()).isEqualTo(root.resolve("restore_" + backup.id()));
        assertThat(second.destination()).isEqualTo(root.resolve("restore_" + backup.id() + "-2"));
        assertThat(first.destination().resolve("volumes/app-data/a.txt")).hasContent("hello");
        assertThat(restored.fired).hasSize(2);
        assertThat(usage.inUse(backup.id())).isFalse();
    }

    @Test
    void eitherAPathOrAVolumeNotBoth() {
        assertThatThrownBy(() -> restores.restore(backup, "x", false, "app-data"))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessage("Give either restore_path or volume, not both");
        assertThat(restored.fired).isEmpty();
    }

    @Test
    void aPathOutsideTheRestoreRootIsRefused() {
        assertThatThrownBy(
                        () -> restores.restore(backup, dir.resolve("elsewhere").toString(), false, null))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageContaining("inside the restore root");
    }

    @Test
    void aVolumeTheBackupDoesNotHoldIsUnknown() {
        assertThatThrownBy(() -> restores.restore(backup, null, false, "db-data"))
                .isInstanceOf(VolumeUnknown.class)
                .hasMessageContaining("holds no volume named db-data");
    }

    @Test
    void pathsRestoreOnlyThoseEntriesUnderTheirOwnPaths() throws IOException {
        var outcome =
                restores.restore(backup, "one-folder", false, null, false, java.util.List.of("volumes/app-data/docs"));

        var folder = dir.resolve("restore").toRealPath().resolve("one-folder");
        assertThat(outcome.destination()).isEqualTo(folder);
        assertThat(folder.resolve("volumes/app-data/docs/b.txt")).hasContent("inside docs");
        assertThat(folder.resolve("volumes/app-data/a.txt")).doesNotExist();
        assertThat(outcome.result().files()).isEqualTo(1);
        assertThat(restored.fired).hasSize(1);
    }

    @Test
    void aPathTheBackupDoesNotHoldIsRefusedByNameAndNothingIsWritten() throws IOException {
        assertThatThrownBy(() -> restores.restore(
                        backup,
                        "one-folder",
                        true,
                        null,
                        false,
                        java.util.List.of("volumes/app-data/docs", "volumes/app-data/nope")))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageContaining("holds no 'volumes/app-data/nope'")
                .hasMessageNotContaining("'volumes/app-data/docs'");
        try (var left = Files.list(dir.resolve("restore"))) {
            assertThat(left).isEmpty();
        }
        assertThat(restored.fired).isEmpty();
        assertThat(usage.inUse(backup.id())).isFalse();
    }

    @Test
    void pathsDoNotGoWithARestoreInPlace() {
        assertThatThrownBy(() -> restores.restore(
                        backup, null, false, "app-data", false, java.util.List.of("volumes/app-data/docs")))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageContaining("paths cannot go with volume");
        assertThatThrownBy(() -> restores.restore(backup, null, false, null, false, java.util.List.of("../etc")))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageContaining("'..'");
    }
}
