package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.archive.Codec;
import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.archive.format.BackupSidecar;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import com.opscenter.backups.entity.BackupType;
import com.opscenter.platform.control.DomainException;
import com.opscenter.platform.control.FixedNode;
import com.opscenter.platform.control.ManualTimer;
import com.opscenter.platform.control.RecordingEvent;
import com.opscenter.platform.control.TestClock;
import com.opscenter.storage.control.TestStorageSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a backup holds while the Docker Engine cannot be asked. The Engine is really unreachable: a real
 * docker-java client points at a socket path that does not exist.
 */
class BackupSourcesTest {

    @TempDir
    Path dir;

    final TestClock clock = TestClock.at("2026-12-01T12:00:00Z");
    InMemoryBackupCatalog catalog;
    Path volumesRoot;
    Path location;
    BackupSources sources;

    @BeforeEach
    void setUp() throws IOException {
        catalog = new InMemoryBackupCatalog(clock);
        volumesRoot = Files.createDirectories(dir.resolve("volumes"));
        location = dir.resolve("backups");
        Files.writeString(
                Files.createDirectories(volumesRoot.resolve("app-data")).resolve("a.txt"), "app\n");
        sources = new BackupSources(
                TestStorageSettings.withoutEngine(volumesRoot, dir.resolve("no-docker-here.sock")), catalog);
    }

    /** A finished backup, some hours ago, that held these volumes (pg-data was a Docker volume then). */
    void earlierBackupOf(String... volumes) {
        var started = clock.instant().minusSeconds(3600L * (catalog.all().size() + 1));
        var backup = Backup.started(
                TestBackups.idAt(started),
                BackupType.SCHEDULED,
                null,
                Codec.GZIP,
                List.of(volumes),
                List.of(),
                "scheduler",
                "node-a",
                location.toString(),
                started);
        backup.archived("x.tar.gz", 1, "0".repeat(64), 1, List.of(), started.plusSeconds(60));
        catalog.add(backup);
    }

    @Test
    void everyVolumeWithoutTheEngineHoldsTheFoldersAndNamesTheDockerVolumesItLacks() {
        earlierBackupOf("app-data", "pg-data", "redis-data");

        var selection = sources.select(null, List.of());

        assertThat(selection.volumeNames()).containsExactly("app-data");
        assertThat(selection.warnings())
                .singleElement()
                .asString()
                .contains("Docker Engine not reachable")
                .contains("lacks the Docker volume(s) pg-data, redis-data")
                .contains("as recent backups held them");
    }

    @Test
    void withNothingKnownTheWarningSaysTheBackupMayLackDockerVolumes() {
        var selection = sources.select(null, List.of());

        assertThat(selection.volumeNames()).containsExactly("app-data");
        assertThat(selection.warnings())
                .singleElement()
                .asString()
                .contains("Docker Engine not reachable")
                .contains("could not be listed, so this backup may lack some");
    }

    @Test
    void aFailedBackupDoesNotTellWhichVolumesExisted() {
        earlierBackupOf("app-data", "pg-data");
        catalog.change(catalog.all().get(0).id(), b -> b.failed("boom", clock.instant()));

        assertThat(sources.select(null, List.of()).warnings())
                .singleElement()
                .asString()
                .contains("may lack some");
    }

    @Test
    void namedDockerVolumesWithoutTheEngineAreRefusedAsUnavailableNotUnknown() {
        assertThatThrownBy(() -> sources.select(List.of("app-data", "pg-data"), List.of()))
                .isInstanceOf(DockerEngineUnreachable.class)
                .hasMessageContaining("pg-data")
                .hasMessageContaining("Docker Engine not reachable")
                .satisfies(e -> assertThat(((DomainException) e).kind()).isEqualTo(DomainException.Kind.UNAVAILABLE));
    }

    @Test
    void namedFolderVolumesNeedNoEngineAndCarryNoWarning() {
        var selection = sources.select(List.of("app-data"), List.of());

        assertThat(selection.volumeNames()).containsExactly("app-data");
        assertThat(selection.warnings()).isEmpty();
    }

    @Test
    void withoutTheEngineAndWithNothingElseToBackUpTheBackupIsRefused() throws IOException {
        Files.delete(volumesRoot.resolve("app-data/a.txt"));
        Files.delete(volumesRoot.resolve("app-data"));

        assertThatThrownBy(() -> sources.select(null, List.of()))
                .isInstanceOf(DockerEngineUnreachable.class)
                .hasMessageContaining("Nothing to back up")
                .hasMessageContaining("Docker Engine not reachable");
    }

    @Test
    void includePathsAloneAreStillBackedUpWithTheWarning() throws IOException {
        Files.delete(volumesRoot.resolve("app-data/a.txt"));
        Files.delete(volumesRoot.resolve("app-data"));
        var path = Files.createDirectories(dir.resolve("srv"));

        var selection = sources.select(null, List.of(path.toString()));

        assertThat(selection.volumeNames()).isEmpty();
        assertThat(selection.paths()).containsExactly(path.toString());
        assertThat(selection.warnings()).hasSize(1);
    }

    @Test
    void theJobFinishesWithWarningsThatReachTheCatalogTheSidecarAndTheEvent() throws IOException {
        earlierBackupOf("app-data", "pg-data");
        var finished = new RecordingEvent<BackupFinished>();
        var queued = new ArrayList<Runnable>();
        var settings = TestSettings.backup(location, dir.resolve("restore"));
        var node = new FixedNode("node-a");
        var jobs = new BackupJobs(
                catalog,
                InMemoryConfigStore.of(location, "0 2 * * *", 7),
                sources,
                settings,
                node,
                new BackupLeases(catalog, settings, node, finished, clock, new ManualTimer()),
                finished,
                clock,
                queued::add,
                Thread::new);

        var backup = jobs.start(BackupType.MANUAL, null, null, "alice");
        queued.remove(0).run();

        var done = catalog.find(backup.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(BackupStatus.COMPLETED_WITH_WARNINGS);
        assertThat(done.volumes()).containsExactly("app-data");
        assertThat(done.warnings()).first().asString().contains("lacks the Docker volume(s) pg-data");
        assertThat(finished.fired).singleElement().satisfies(event -> {
            assertThat(event.status()).isEqualTo(BackupStatus.COMPLETED_WITH_WARNINGS);
            assertThat(event.warnings()).first().asString().contains("pg-data");
        });
        // A catalog rebuilt from the folder keeps the same verdict.
        var sidecar = BackupSidecar.read(ArchiveFormat.sidecarPath(location, backup.id()));
        assertThat(sidecar.status()).isEqualTo("completed_with_warnings");
        assertThat(sidecar.volumes()).containsExactly("app-data");
        assertThat(sidecar.warnings()).first().asString().contains("pg-data");
    }
}
