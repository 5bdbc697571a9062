package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.archive.format.BackupSidecar;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import com.opscenter.backups.entity.BackupType;
import com.opscenter.platform.control.FixedNode;
import com.opscenter.platform.control.Installation;
import com.opscenter.platform.control.ManualTimer;
import com.opscenter.platform.control.RecordingEvent;
import com.opscenter.platform.control.TestClock;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalog follows the backup folder: archives that come back make their backup usable again, and what a
 * sidecar says is checked field by field before any of it reaches the catalog. Real archives on the real file
 * system; the catalog is the in-memory one.
 */
class SidecarCatalogTest {

    @TempDir
    Path dir;

    final TestClock clock = TestClock.at("2026-12-01T12:00:00Z");
    Path folder;
    InMemoryBackupCatalog catalog;
    BackupJobs jobs;

    @BeforeEach
    void setUp() throws IOException {
        folder = dir.resolve("backups");
        var volume = Files.createDirectories(dir.resolve("volumes/app-data"));
        Files.writeString(volume.resolve("a.txt"), "hello");
        catalog = new InMemoryBackupCatalog(clock);
        jobs = new BackupJobs(
                catalog,
                InMemoryConfigStore.of(folder, "0 2 * * *", 7),
                new BackupJobsTest.FixedSources(Map.of("app-data", volume)),
                TestSettings.backup(folder, dir.resolve("restore")),
                new FixedNode("node-a"),
                leases(),
                Installation.fixed("installation-a"),
                new RecordingEvent<>(),
                clock,
                Runnable::run,
                Thread::new);
    }

    BackupLeases leases() {
        return new BackupLeases(
                catalog,
                TestSettings.backup(folder, dir.resolve("restore")),
                new FixedNode("node-a"),
                new RecordingEvent<>(),
                clock,
                new ManualTimer());
    }

    Backup backupNow(String description) {
        clock.advance(Duration.ofMinutes(1));
        var started = jobs.start(BackupType.MANUAL, null, description, "alice");
        return catalog.find(started.id()).orElseThrow();
    }

    CatalogRecovery recovery(BackupCatalog into) {
        return new CatalogRecovery(
                into, InMemoryConfigStore.of(folder, "0 2 * * *", 7), new FixedNode("n"), leases(), clock);
    }

    BackupArchives archives() {
        return new BackupArchives(
                catalog, new BackupUsage(), new RecordingEvent<>(), new RecordingEvent<>(), Thread::new);
    }

    /** Moves the archive away and back, the way an administrator re-mounts a disk or restores a folder. */
    Path moveAway(Backup backup) throws IOException {
        var archive = folder.resolve(backup.archiveFile());
        return Files.move(archive, dir.resolve(backup.archiveFile()));
    }

    @Test
    void sidecarsNameTheInstallationThatWroteThem() throws IOException {
        var backup = backupNow("x");

        var sidecar = BackupSidecar.read(ArchiveFormat.sidecarPath(folder, backup.id()));

        assertThat(sidecar.installationId()).isEqualTo("installation-a");
        assertThat(sidecar.toJson()).endsWith(",\"installation_id\":\"installation-a\"}\n");
    }

    @Test
    void aMissingBackupWhoseArchiveIsBackIsUsableAgainAtStartUp() throws IOException {
        var backup = backupNow("comes back");
        var away = moveAway(backup);
        assertThatCode(() -> archives().archive(backup)).isInstanceOf(ArchiveMissing.class);
        assertThat(catalog.find(backup.id()).orElseThrow().status()).isEqualTo(BackupStatus.MISSING);

        Files.move(away, folder.resolve(backup.archiveFile()));
        recovery(catalog).recover();

        assertThat(catalog.find(backup.id()).orElseThrow().status()).isEqualTo(BackupStatus.COMPLETED);
    }

    @Test
    void aMissingBackupWhoseArchiveIsBackIsUsableAgainWhenListedOrLookedUp() throws IOException {
        var listed = backupNow("listed");
        var lookedUp = backupNow("looked up");
        var awayListed = moveAway(listed);
        var awayLookedUp = moveAway(lookedUp);
        var archives = archives();
        assertThatCode(() -> archives.archive(listed)).isInstanceOf(ArchiveMissing.class);
        assertThatCode(() -> archives.archive(lookedUp)).isInstanceOf(ArchiveMissing.class);

        Files.move(awayListed, folder.resolve(listed.archiveFile()));
        Files.move(awayLookedUp, folder.resolve(lookedUp.archiveFile()));

        assertThat(archives.settleMissing()).isEqualTo(2);
        assertThat(catalog.find(listed.id()).orElseThrow().status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(archives.archive(archives.backup(lookedUp.id()))).isEqualTo(folder.resolve(lookedUp.archiveFile()));
        assertThat(archives.verify(archives.backup(lookedUp.id())).valid()).isTrue();
    }

    @Test
    void aFileOfAnotherSizeInItsPlaceLeavesTheBackupMissing() throws IOException {
        var backup = backupNow("replaced");
        moveAway(backup);
        var archives = archives();
        assertThatCode(() -> archives.archive(backup)).isInstanceOf(ArchiveMissing.class);
        Files.writeString(folder.resolve(backup.archiveFile()), "not the archive");

        assertThat(archives.settleMissing()).isZero();
        recovery(catalog).recover();

        assertThat(catalog.find(backup.id()).orElseThrow().status()).isEqualTo(BackupStatus.MISSING);
        assertThatCode(() -> archives.archive(backup)).isInstanceOf(ArchiveMissing.class);
    }

    @Test
    void aVolumeListIsNeverClipped() {
        var volumes = IntStream.range(0, 500)
                .mapToObj(i -> String.format("v%03d-", i) + "x".repeat(250))
                .toList();

        var backup = Backup.started(
                "backup-20261201-120000",
                BackupType.MANUAL,
                null,
                com.opscenter.archive.Codec.GZIP,
                volumes,
                List.of("/srv/" + "p".repeat(5000)),
                "alice",
                "node-a",
                folder.toString(),
                clock.instant());

        assertThat(backup.volumes()).isEqualTo(volumes);
        assertThat(backup.paths()).containsExactly("/srv/" + "p".repeat(5000));
    }

    /** A valid sidecar's JSON, as the engine wrote it for {@code backup}. */
    String sidecarJson(Backup backup) throws IOException {
        return Files.readString(ArchiveFormat.sidecarPath(folder, backup.id()), StandardCharsets.UTF_8);
    }

    static String with(String json, String key, JsonValue value) {
        var object = Json.createReader(new StringReader(json)).readObject();
        return Json.createObjectBuilder(object).add(key, value).build().toString();
    }

    static Stream<Arguments> hostileFields() {
        var str = (java.util.function.Function<String, JsonValue>) Json::createValue;
        return Stream.of(
                Arguments.of("archive_file", str.apply("../../etc/passwd"), "not its own"),
                Arguments.of("archive_size", Json.createValue(-1), "negative"),
                Arguments.of("files_count", Json.createValue(-5), "negative"),
                Arguments.of("total_bytes", Json.createValue(-5), "negative"),
                Arguments.of("archive_sha256", str.apply("ab".repeat(50)), "SHA-256"),
                Arguments.of("archive_sha256", str.apply("Z".repeat(64)), "SHA-256"),
                Arguments.of("archive_sha256", JsonValue.NULL, "SHA-256"),
                Arguments.of("codec", str.apply("lz4"), "unknown codec"),
                Arguments.of("timestamp", str.apply("1970-01-01T00:00:00Z"), "timestamp"),
                Arguments.of("timestamp", str.apply("2999-01-01T00:00:00Z"), "timestamp"),
                Arguments.of("timestamp", str.apply("yesterday"), "invalid backup sidecar"),
                Arguments.of("completed_at", str.apply("2000-01-01T00:00:00Z"), "completed_at"),
                Arguments.of("type", str.apply("nightly"), "type"),
                Arguments.of("status", str.apply("running"), "status"),
                Arguments.of("description", str.apply("d".repeat(1001)), "description"),
                Arguments.of("installation_id", str.apply("../x"), "installation_id"),
                Arguments.of("volumes", Json.createArrayBuilder().add("../etc").build(), "volumes"),
                Arguments.of("volumes", Json.createArrayBuilder().add("a\nb").build(), "volumes"),
                Arguments.of("volumes", Json.createArrayBuilder().add(42).build(), "volumes"),
                Arguments.of(
                        "volumes", Json.createArrayBuilder().add("db").add("db").build(), "volumes"),
                Arguments.of("volumes", str.apply("db"), "not a list"),
                Arguments.of(
                        "paths", Json.createArrayBuilder().add("relative/path").build(), "paths"),
                Arguments.of(
                        "paths", Json.createArrayBuilder().add("/srv/../etc").build(), "paths"),
                Arguments.of(
                        "paths", Json.createArrayBuilder().add("/srv\n/etc").build(), "paths"),
                Arguments.of(
                        "warnings", Json.createArrayBuilder().add("two\nlines").build(), "warnings"),
                Arguments.of("format_version", Json.createValue(99), "version 99"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("hostileFields")
    void aSidecarWithAnInvalidFieldIsSkippedWholeAndReported(String key, JsonValue value, String reason)
            throws IOException {
        var good = backupNow("good");
        var hostile = backupNow("hostile");
        Files.writeString(ArchiveFormat.sidecarPath(folder, hostile.id()), with(sidecarJson(hostile), key, value));
        var fresh = new InMemoryBackupCatalog(clock);
        var recovery = recovery(fresh);

        assertThatCode(recovery::recover).doesNotThrowAnyException();

        assertThat(fresh.exists(good.id())).isTrue();
        assertThat(fresh.exists(hostile.id())).isFalse();
        assertThat(recovery.ignored().count()).isOne();
        assertThat(recovery.ignored().reasons())
                .singleElement()
                .asString()
                .startsWith(hostile.id() + ".json: ")
                .contains(reason);
    }

    @Test
    void sidecarsThatAreNotSidecarsNeverStopStartUp() throws IOException {
        var good = backupNow("good");
        Files.writeString(folder.resolve("backup-20260101-000000.json"), "{\"id\": [");
        Files.writeString(folder.resolve("backup-20260101-000001.json"), "[1, 2, 3]");
        Files.writeString(folder.resolve("backup-20260101-000002.json"), "");
        Files.createDirectories(folder.resolve("backup-20260101-000003.json"));
        Files.createSymbolicLink(folder.resolve("backup-20260101-000004.json"), Path.of("/etc/hostname"));
        // A valid sidecar under another backup's name.
        Files.writeString(folder.resolve("backup-20260101-000005.json"), sidecarJson(good));
        var fresh = new InMemoryBackupCatalog(clock);
        var recovery = recovery(fresh);

        assertThatCode(recovery::recover).doesNotThrowAnyException();

        assertThat(fresh.all()).extracting(Backup::id).containsExactly(good.id());
        assertThat(recovery.ignored().count()).isEqualTo(6);
        assertThat(recovery.ignored().reasons())
                .anySatisfy(r -> assertThat(r)
                        .startsWith("backup-20260101-000005.json: ")
                        .contains("another backup"));
    }

    @Test
    void sidecarsWrittenByEarlierVersionsAreCataloguedAsBefore() throws IOException {
        var fixtures = Path.of("src/test/resources/archive-fixtures/v1");
        Files.createDirectories(folder);
        try (var files = Files.list(fixtures)) {
            for (var file : files.filter(f -> f.getFileName().toString().startsWith("backup-"))
                    .toList()) {
                Files.copy(file, folder.resolve(file.getFileName()));
            }
        }
        var fresh = new InMemoryBackupCatalog(clock);
        var recovery = recovery(fresh);

        assertThat(recovery.rebuildFrom(folder)).isEqualTo(5);

        assertThat(recovery.ignored().count()).isZero();
        assertThat(fresh.all()).allSatisfy(b -> assertThat(b.status()).isEqualTo(BackupStatus.COMPLETED));
    }

    /** The sidecar of {@code backup} as an increment's: version 2, with {@code incremental}. */
    String asIncrement(Backup backup, String base, List<String> dependsOn) throws IOException {
        var increment = Json.createObjectBuilder()
                .add("base_id", base)
                .add("depends_on", Json.createArrayBuilder(dependsOn))
                .build();
        return with(with(sidecarJson(backup), "format_version", Json.createValue(2)), "incremental", increment);
    }

    @Test
    void anIncrementsSidecarBringsItsModeBaseAndDependenciesIntoTheCatalog() throws IOException {
        var full = backupNow("full");
        var increment = backupNow("increment");
        Files.writeString(
                ArchiveFormat.sidecarPath(folder, increment.id()),
                asIncrement(increment, full.id(), List.of(full.id())));
        var fresh = new InMemoryBackupCatalog(clock);
        var recovery = recovery(fresh);

        recovery.recover();

        assertThat(recovery.ignored().count()).isZero();
        var rebuilt = fresh.find(increment.id()).orElseThrow();
        assertThat(rebuilt.mode()).isEqualTo("incremental");
        assertThat(rebuilt.baseId()).isEqualTo(full.id());
        assertThat(rebuilt.dependsOn()).containsExactly(full.id());
        var rebuiltFull = fresh.find(full.id()).orElseThrow();
        assertThat(rebuiltFull.mode()).isEqualTo("full");
        assertThat(rebuiltFull.baseId()).isNull();
        assertThat(rebuiltFull.dependsOn()).isEmpty();
    }

    @Test
    void anIncrementThatDependsOnItselfIsSkipped() throws IOException {
        var other = backupNow("other");
        var loop = backupNow("loop");
        Files.writeString(
                ArchiveFormat.sidecarPath(folder, loop.id()), asIncrement(loop, other.id(), List.of(loop.id())));
        var fresh = new InMemoryBackupCatalog(clock);
        var recovery = recovery(fresh);

        recovery.recover();

        assertThat(fresh.exists(loop.id())).isFalse();
        assertThat(recovery.ignored().reasons())
                .singleElement()
                .asString()
                .contains("names itself as its base or as a backup it depends on");
    }

    @Test
    void theLocalIndexGoesWithItsBackup() throws IOException {
        var backup = backupNow("with index");
        var index = ArchiveFormat.indexPath(folder, backup.id());
        if (!Files.exists(index)) {
            // Before the writer makes one for every backup.
            Files.write(index, new byte[] {1});
        }
        var tempIndex = ArchiveFormat.tempIndexPath(folder, backup.id());
        Files.write(tempIndex, new byte[] {1});

        archives().delete(backup.id());

        assertThat(index).doesNotExist();
        assertThat(tempIndex).doesNotExist();
        assertThat(ArchiveFormat.sidecarPath(folder, backup.id())).doesNotExist();
    }

    @Test
    void theReportIsBounded() {
        var ignored = new IgnoredSidecars();
        var reasons = new ArrayList<String>();
        for (int i = 0; i < 1000; i++) {
            reasons.add("backup-" + i + ".json: " + "x".repeat(10_000));
        }

        ignored.report(reasons);

        assertThat(ignored.count()).isEqualTo(1000);
        assertThat(ignored.reasons())
                .hasSize(IgnoredSidecars.SHOWN + 1)
                .allSatisfy(r -> assertThat(r.length()).isLessThanOrEqualTo(300));
        assertThat(ignored.reasons()).last().asString().contains("980 more");
    }
}
