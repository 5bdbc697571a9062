package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.archive.Codec;
import com.opscenter.archive.IncrementChain;
import com.opscenter.archive.format.BackupSidecar;
import com.opscenter.archive.format.ManifestEntry;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import com.opscenter.backups.entity.BackupType;
import com.opscenter.platform.control.DomainException;
import com.opscenter.platform.control.FixedNode;
import com.opscenter.platform.control.RecordingEvent;
import com.opscenter.platform.control.TestClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restore, verify and contents of an increment through the feature: its holder found in the catalog, on disk, or
 * fetched from off-site storage (here a folder standing in for the bucket, admitted through the real import).
 */
class ChainArchivesTest {

    @TempDir
    Path dir;

    final TestClock clock = TestClock.at("2026-12-01T12:00:00Z");
    final BackupUsage usage = new BackupUsage();
    InMemoryBackupCatalog catalog;
    BackupArchives archives;
    BackupRestores restores;
    Backup full;
    Backup increment;

    @BeforeEach
    void setUp() throws IOException {
        var folder = dir.resolve("backups");
        var volume = Files.createDirectories(dir.resolve("volumes/app-data"));
        Files.writeString(volume.resolve("a.txt"), "hello");
        IncrementChain.wholeSeconds(volume);
        catalog = new InMemoryBackupCatalog(clock);
        var settings = TestSettings.backup(folder, dir.resolve("restore"));
        var started = InlineJobs.of(catalog, settings, Map.of("app-data", volume), clock)
                .start(BackupType.MANUAL, null, null, "alice");
        full = catalog.find(started.id()).orElseThrow();
        ManifestEntry a = IncrementChain.manifestOf(Path.of(full.location()).resolve(full.archiveFile()))
                .get("volumes/app-data/a.txt");

        Files.writeString(volume.resolve("b.txt"), "new");
        IncrementChain.wholeSeconds(volume);
        String id = "backup-20261201-130000";
        Path archive = new IncrementChain.Builder(id)
                .tree(volume, "volumes/app-data", Map.of("volumes/app-data/a.txt", a), full.id())
                .write(Path.of(full.location()), full.id());
        increment = Backup.started(
                        id,
                        BackupType.MANUAL,
                        null,
                        Codec.NONE,
                        List.of("app-data"),
                        List.of(),
                        "alice",
                        "node-a",
                        full.location(),
                        clock.instant())
                .incrementOf(full.id(), List.of(full.id()));
        increment.archived(
                archive.getFileName().toString(),
                Files.size(archive),
                IncrementChain.sha256(archive),
                2,
                List.of(),
                clock.instant());
        catalog.add(increment);
        archives = new BackupArchives(catalog, usage, new RecordingEvent<>(), new RecordingEvent<>(), Thread::new);
        restores = new BackupRestores(archives, usage, settings, null, new RecordingEvent<>(), Thread::new);
    }

    @Test
    void anIncrementRestoresWithTheFilesItsFullBackupHolds() throws IOException {
        var outcome = restores.restore(increment, null, true, null);

        assertThat(outcome.destination().resolve("volumes/app-data/a.txt")).hasContent("hello");
        assertThat(outcome.destination().resolve("volumes/app-data/b.txt")).hasContent("new");
    }

    @Test
    void theContentsSayWhichBackupHoldsAFile() throws IOException {
        var page = archives.contents(increment, 0, 100);

        assertThat(page.entries())
                .extracting(e -> e.path() + " " + e.from())
                .contains("volumes/app-data/a.txt " + full.id(), "volumes/app-data/b.txt null");
    }

    @Test
    void withTheFullBackupsArchiveGoneTheRestoreIsAConflictNamingIt() throws IOException {
        Files.delete(Path.of(full.location()).resolve(full.archiveFile()));

        assertThatThrownBy(() -> restores.restore(increment, null, false, null))
                .isInstanceOf(BackupChainBroken.class)
                .hasMessageContaining("Backup " + increment.id() + " was not restored, nothing was written: backup "
                        + full.id() + ", which " + increment.id() + " depends on, is missing: its archive is not on"
                        + " this server's disk")
                .satisfies(e -> assertThat(((DomainException) e).kind()).isEqualTo(DomainException.Kind.CONFLICT));
        assertThat(dir.resolve("restore/restore_" + increment.id())).doesNotExist();
        assertThat(usage.inUse(increment.id())).isFalse();
    }

    @Test
    void verificationChecksTheFullBackupToo() throws IOException {
        assertThat(archives.verify(increment).valid()).isTrue();

        catalog.remove(full.id());
        var result = archives.verify(increment);

        assertThat(result.valid()).isFalse();
        assertThat(result.errors())
                .containsExactly("backup " + full.id() + ", which this backup depends on, is missing: it is not in"
                        + " the catalog, nor on any cloud target");
    }

    @Test
    void aHolderOnlyTheCloudHasIsFetchedIntoTheBackupFolderForTheRestore() throws IOException {
        var cloud = cloudCopyOf(full);
        Files.delete(Path.of(full.location()).resolve(full.archiveFile()));
        archives.offsite = cloud;

        var outcome = restores.restore(increment, null, true, null);

        assertThat(outcome.destination().resolve("volumes/app-data/a.txt")).hasContent("hello");
        assertThat(outcome.destination().resolve("volumes/app-data/b.txt")).hasContent("new");
        assertThat(cloud.fetched).containsExactly(full.id());
        assertThat(Path.of(full.location()).resolve(full.archiveFile())).isRegularFile();
        assertThat(catalog.find(full.id()).orElseThrow().status()).isEqualTo(BackupStatus.COMPLETED);
    }

    @Test
    void aHolderMissingFromTheCatalogIsFetchedForVerificationAndCataloguedAgain() throws IOException {
        var cloud = cloudCopyOf(full);
        Files.delete(Path.of(full.location()).resolve(full.archiveFile()));
        Files.delete(BackupSidecar.fileFor(Path.of(full.location()), full.id()));
        catalog.remove(full.id());
        archives.offsite = cloud;

        var result = archives.verify(increment);

        assertThat(result.valid()).as(result.errors().toString()).isTrue();
        assertThat(cloud.fetched).containsExactly(full.id());
        assertThat(catalog.find(full.id()).orElseThrow().sha256()).isEqualTo(full.sha256());
    }

    @Test
    void aHolderOnDiskIsNotFetched() throws IOException {
        var cloud = cloudCopyOf(full);
        archives.offsite = cloud;

        assertThat(archives.verify(increment).valid()).isTrue();
        restores.restore(increment, null, false, null);

        assertThat(cloud.fetched).isEmpty();
    }

    @Test
    void aHolderTheCloudCannotServeBreaksTheChainBeforeAnythingIsWritten() throws IOException {
        Files.delete(Path.of(full.location()).resolve(full.archiveFile()));
        // The cloud feature's failure (a target that is down) cannot be produced here without S3: thrown by hand.
        archives.offsite = new Bucket(dir.resolve("bucket")) {
            @Override
            public Optional<Fetched> fetch(String backupId) {
                throw new TargetDown();
            }
        };

        assertThatThrownBy(() -> restores.restore(increment, null, false, null))
                .isInstanceOf(BackupChainBroken.class)
                .hasMessageContaining("backup " + full.id() + ", which " + increment.id() + " depends on, is missing:"
                        + " fetching it from the cloud failed: the cloud target is unreachable");
        assertThat(dir.resolve("restore/restore_" + increment.id())).doesNotExist();
    }

    @Test
    void aHolderNeitherHereNorInTheCloudIsMissing() throws IOException {
        Files.delete(Path.of(full.location()).resolve(full.archiveFile()));
        archives.offsite = new Bucket(dir.resolve("bucket"));

        var result = archives.verify(increment);

        assertThat(result.errors())
                .containsExactly("backup " + full.id() + ", which this backup depends on, is missing: its archive is"
                        + " not on this server's disk, nor on any cloud target");
    }

    /** What the cloud feature throws when its target cannot be reached (CloudFailure, 502). */
    static final class TargetDown extends DomainException {
        TargetDown() {
            super(Kind.BAD_GATEWAY, "the cloud target is unreachable");
        }
    }

    /** A copy of the backup's archive and sidecar in a folder that stands in for the bucket. */
    private Bucket cloudCopyOf(Backup backup) throws IOException {
        var bucket = new Bucket(Files.createDirectories(dir.resolve("bucket")));
        var location = Path.of(backup.location());
        Files.copy(location.resolve(backup.archiveFile()), bucket.folder.resolve(backup.archiveFile()));
        var sidecar = BackupSidecar.fileFor(location, backup.id());
        Files.copy(sidecar, bucket.folder.resolve(sidecar.getFileName()));
        return bucket;
    }

    /**
     * Off-site storage as the cloud feature offers it (OffsiteCopies), over a folder: fetching stages the archive
     * in the backup folder and admits it through the real import, which verifies and catalogues it.
     */
    class Bucket implements OffsiteCopies {
        final Path folder;
        final List<String> fetched = new ArrayList<>();

        Bucket(Path folder) {
            this.folder = folder;
        }

        @Override
        public Map<String, State> states() {
            return Map.of();
        }

        @Override
        public Optional<Fetched> fetch(String backupId) {
            var sidecarFile = BackupSidecar.fileFor(folder, backupId);
            if (!Files.exists(sidecarFile)) {
                return Optional.empty();
            }
            fetched.add(backupId);
            try {
                var sidecar = BackupSidecar.read(sidecarFile);
                var staged = Path.of(full.location()).resolve(backupId + ".download.tmp");
                Files.copy(folder.resolve(sidecar.archiveFile()), staged);
                var imports = new ArchiveImports();
                imports.catalog = catalog;
                imports.node = new FixedNode("node-a");
                imports.archives = archives;
                imports.clock = clock;
                return Optional.of(new Fetched(imports.admit(staged, sidecar), "default"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void aHolderTheCatalogDoesNotListAsDependedOnIsRefused() throws IOException {
        var unrelated = Backup.started(
                        increment.id(),
                        BackupType.MANUAL,
                        null,
                        Codec.NONE,
                        List.of("app-data"),
                        List.of(),
                        "alice",
                        "node-a",
                        full.location(),
                        clock.instant())
                .incrementOf(full.id(), List.of());

        assertThatThrownBy(() -> ChainArchives.of(catalog, unrelated).holding(full.id()))
                .isInstanceOf(com.opscenter.archive.RestoreRejectedException.class)
                .hasMessageContaining("does not depend on " + full.id());
    }
}
