package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.archive.Codec;
import com.opscenter.platform.control.RecordingEvent;
import com.opscenter.platform.control.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation of configuration changes, and the next scheduled backup as the clock sees it. */
class BackupConfigEditorTest {

    @TempDir
    Path dir;

    final TestClock clock = TestClock.at("2026-12-01T12:00:00Z");
    final RecordingEvent<BackupConfigChanged> changed = new RecordingEvent<>();
    InMemoryBackupCatalog catalog;
    InMemoryConfigStore store;
    BackupConfigEditor configuration;

    @BeforeEach
    void setUp() {
        catalog = new InMemoryBackupCatalog(clock);
        store = InMemoryConfigStore.of(dir.resolve("backups"), "0 2 * * *", 7);
        configuration = new BackupConfigEditor(
                store,
                catalog,
                new BackupJobsTest.FixedSources(Map.of("app-data", dir)),
                changed,
                clock,
                TestSettings.backup(dir, dir.resolve("restores")));
    }

    static BackupConfigEditor.Change change() {
        return new BackupConfigEditor.Change(null, null, null, null, null, null, null, null, null, null, null);
    }

    static BackupConfigEditor.Change schedule(String cron, String timezone) {
        return new BackupConfigEditor.Change(null, cron, null, null, null, null, null, null, timezone, null, null);
    }

    static BackupConfigEditor.Change compression(String codec, Integer level) {
        return new BackupConfigEditor.Change(null, null, null, null, null, null, codec, level, null, null, null);
    }

    @Test
    void theNextBackupComesFromTheScheduleAndTheClock() {
        assertThat(configuration.overview().nextBackup()).isEqualTo("2026-12-02T02:00:00Z");

        clock.set(java.time.Instant.parse("2026-12-02T01:59:00Z"));
        assertThat(configuration.overview().nextBackup()).isEqualTo("2026-12-02T02:00:00Z");

        clock.advance(Duration.ofMinutes(1));
        assertThat(configuration.overview().nextBackup()).isEqualTo("2026-12-03T02:00:00Z");
    }

    @Test
    void theNextBackupFollowsTheConfiguredTimeZone() {
        configuration.update(schedule(null, "Europe/Berlin"));

        // 02:00 in Berlin (UTC+1 in December) is 01:00 UTC.
        assertThat(configuration.overview().nextBackup()).isEqualTo("2026-12-02T01:00:00Z");
    }

    @Test
    void noNextBackupWhileScheduledBackupsAreOff() {
        configuration.update(
                new BackupConfigEditor.Change(false, null, null, null, null, null, null, null, null, null, null));

        assertThat(configuration.overview().nextBackup()).isNull();
    }

    @Test
    void theLastBackupIsTheNewestSuccessfulOne() {
        assertThat(configuration.overview().lastBackup()).isNull();
        catalog.add(TestBackups.completed(dir, clock.instant().minus(Duration.ofDays(2)), 1));
        catalog.add(TestBackups.completed(dir, clock.instant().minus(Duration.ofDays(1)), 1));
        catalog.add(TestBackups.running(dir, clock.instant().minus(Duration.ofHours(1))));

        assertThat(configuration.overview().lastBackup()).isEqualTo("2026-11-30T12:00:00Z");
    }

    @Test
    void pagesOfTheListFollowEachOtherNewestFirstAndCountTheWholeCatalog() {
        for (int i = 0; i < 250; i++) {
            catalog.add(TestBackups.running(dir, clock.instant().minus(Duration.ofMinutes(i))));
        }
        var whole = configuration.overview();
        assertThat(whole.backups()).hasSize(250);
        assertThat(whole.total()).isEqualTo(250);

        var first = configuration.overview(Optional.of(new BackupPage(0, 100)));
        var second = configuration.overview(Optional.of(new BackupPage(100, 100)));
        var last = configuration.overview(Optional.of(new BackupPage(200, 100)));
        var beyond = configuration.overview(Optional.of(new BackupPage(250, 100)));

        assertThat(List.of(first.total(), second.total(), last.total(), beyond.total()))
                .containsOnly(250L);
        assertThat(first.backups()).hasSize(100);
        assertThat(last.backups()).hasSize(50);
        assertThat(beyond.backups()).isEmpty();
        var paged = new java.util.ArrayList<String>();
        Stream.of(first, second, last).forEach(p -> p.backups().forEach(b -> paged.add(b.id())));
        assertThat(paged)
                .containsExactlyElementsOf(
                        whole.backups().stream().map(b -> b.id()).toList());
        assertThat(first.backups().get(0).startedAt()).isEqualTo(clock.instant());
    }

    @Test
    void aValidChangeIsStoredStampedByTheClockAndAnnounced() {
        clock.advance(Duration.ofMinutes(5));

        var updated = configuration.update(schedule("  30 3 * * 1-5 ", null));

        assertThat(updated.schedule()).isEqualTo("30 3 * * 1-5");
        assertThat(updated.updatedAt()).isEqualTo(clock.instant());
        assertThat(changed.fired).containsExactly(new BackupConfigChanged(true, "30 3 * * 1-5"));
    }

    @Test
    void anInvalidScheduleChangesNothing() {
        assertThatThrownBy(() -> configuration.update(schedule("61 * * * *", null)))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageStartingWith("schedule: ");
        assertThat(store.current().schedule()).isEqualTo("0 2 * * *");
        assertThat(changed.fired).isEmpty();
    }

    @Test
    void anUnknownTimeZoneIsRefused() {
        assertThatThrownBy(() -> configuration.update(schedule(null, "Mars/Olympus")))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageContaining("timezone: unknown time zone Mars/Olympus");
        assertThat(store.current().timezone()).isEqualTo("UTC");
    }

    @Test
    void aNewCodecWithoutLevelTakesItsDefaultLevel() {
        var updated = configuration.update(compression("ZSTD", null));

        assertThat(updated.codec()).isEqualTo(Codec.ZSTD);
        assertThat(updated.codecLevel()).isEqualTo(Codec.ZSTD.defaultLevel());
    }

    @Test
    void aLevelIsCheckedAgainstTheCodecItWillBeUsedWith() {
        assertThatThrownBy(() -> configuration.update(compression(null, 19)))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessage("compression_level 19 is not valid for gzip");
        assertThat(configuration.update(compression("zstd", 19)).codecLevel()).isEqualTo(19);
        assertThatThrownBy(() -> configuration.update(compression("brotli", null)))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageStartingWith("compression: ");
        assertThat(store.current().codec()).isEqualTo(Codec.ZSTD);
    }

    @Test
    void foldersMustBeAbsoluteWritableAndReadable() throws Exception {
        var readOnlyParent = Files.createFile(dir.resolve("plain-file"));
        var tooRelative =
                new BackupConfigEditor.Change(null, null, null, "backups", null, null, null, null, null, null, null);
        var climbing = new BackupConfigEditor.Change(
                null, null, null, dir + "/../x", null, null, null, null, null, null, null);
        var underAFile = new BackupConfigEditor.Change(
                null, null, null, readOnlyParent + "/sub", null, null, null, null, null, null, null);
        var missingInclude = new BackupConfigEditor.Change(
                null, null, null, null, List.of(dir + "/nope"), null, null, null, null, null, null);

        assertThatThrownBy(() -> configuration.update(tooRelative)).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> configuration.update(climbing)).hasMessageContaining("without '..'");
        assertThatThrownBy(() -> configuration.update(underAFile)).hasMessageContaining("is not writable");
        assertThatThrownBy(() -> configuration.update(missingInclude))
                .hasMessageContaining("include_paths: " + dir + "/nope is not a readable folder");

        var moved = dir.resolve("new-location");
        assertThat(configuration
                        .update(new BackupConfigEditor.Change(
                                null, null, null, moved + "/", null, null, null, null, null, null, null))
                        .backupLocation())
                .isEqualTo(moved.toString());
        assertThat(moved).isEmptyDirectory();
    }

    static BackupConfigEditor.Change location(Object location) {
        return new BackupConfigEditor.Change(
                null, null, null, location.toString(), null, null, null, null, null, null, null);
    }

    static BackupConfigEditor.Change includes(Object... paths) {
        return new BackupConfigEditor.Change(
                null,
                null,
                null,
                null,
                java.util.Arrays.stream(paths).map(Object::toString).toList(),
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** An editor whose roots, volumes and server files are folders of this test, as the environment would set them. */
    BackupConfigEditor editorWithRoots(Path serverDir) {
        var settings = TestSettings.backup(dir.resolve("backups"), dir.resolve("restores"));
        settings.backupLocationRoots = java.util.Optional.of(dir.resolve("backup-roots") + "," + dir.resolve("srv"));
        settings.includePathRoots = java.util.Optional.of(dir + "/srv," + dir + "/opt");
        settings.volumesRoot = dir.resolve("srv/volumes").toString();
        settings.protectedPaths =
                java.util.Optional.of(serverDir.resolve("server.xml") + "," + serverDir.resolve("resources"));
        return new BackupConfigEditor(
                store, catalog, new BackupJobsTest.FixedSources(Map.of("app-data", dir)), changed, clock, settings);
    }

    @Test
    void aBackupLocationMustLieUnderItsRootsAndAwayFromVolumesAndServerFiles() throws Exception {
        var server = Files.createDirectories(dir.resolve("backup-roots/server"));
        Files.writeString(server.resolve("server.xml"), "<server/>");
        var editor = editorWithRoots(server);
        var before = store.current();

        assertThatThrownBy(() -> editor.update(location(dir.resolve("elsewhere"))))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageContaining("BACKUP_LOCATION_ROOTS");
        assertThat(dir.resolve("elsewhere")).doesNotExist();
        assertThatThrownBy(() -> editor.update(location(dir.resolve("srv/volumes/app"))))
                .hasMessage("backup_location " + dir.resolve("srv/volumes/app") + " overlaps the volumes root "
                        + dir.resolve("srv/volumes") + "; volumes are backed up and restored as volumes");
        // The server's folder lies under a root here, yet is refused: it holds the server's own files.
        assertThatThrownBy(() -> editor.update(location(server)))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageContaining("one of the server's own files");
        assertThatThrownBy(() -> editor.update(location(server.resolve("resources/security"))))
                .hasMessageContaining("one of the server's own files");
        assertThat(store.current()).isEqualTo(before);

        // A symbolic link under a root that leads outside it is followed before the roots are compared.
        var outside = Files.createDirectories(dir.resolve("outside"));
        var link = Files.createSymbolicLink(dir.resolve("backup-roots/link"), outside);
        assertThatThrownBy(() -> editor.update(location(link.resolve("backups"))))
                .hasMessageContaining("BACKUP_LOCATION_ROOTS");
        assertThat(outside.resolve("backups")).doesNotExist();

        // The deployment's own BACKUP_LOCATION stays allowed, and so does any folder under a root.
        assertThat(editor.update(location(dir.resolve("backups"))).backupLocation())
                .isEqualTo(dir.resolve("backups").toString());
        var moved = dir.resolve("backup-roots/nightly");
        assertThat(editor.update(location(moved)).backupLocation()).isEqualTo(moved.toString());
        assertThat(Files.getPosixFilePermissions(moved)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void includePathsMustLieUnderTheirRootsAndAwayFromVolumesBackupsAndServerFiles() throws Exception {
        var server = Files.createDirectories(dir.resolve("opt/liberty/server"));
        Files.writeString(server.resolve("server.xml"), "<server/>");
        Files.createDirectories(server.resolve("resources/security"));
        var volumes = Files.createDirectories(dir.resolve("srv/volumes/app"));
        var config = Files.createDirectories(dir.resolve("opt/app/config"));
        var etc = Files.createDirectories(dir.resolve("etc/app"));
        var editor = editorWithRoots(server);

        assertThatThrownBy(() -> editor.update(includes(etc)))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageStartingWith("include_paths: " + etc + " is outside")
                .hasMessageContaining("INCLUDE_PATH_ROOTS");
        assertThatThrownBy(() -> editor.update(includes(config, volumes)))
                .hasMessageContaining("overlaps the volumes root");
        // Containing the volumes root is overlapping it too: the volumes would be read a second time as a path.
        assertThatThrownBy(() -> editor.update(includes(dir.resolve("srv")))).hasMessageContaining("volumes root");
        assertThatThrownBy(() -> editor.update(includes(server.resolve("resources/security"))))
                .hasMessageContaining("one of the server's own files");
        assertThatThrownBy(() -> editor.update(includes(dir.resolve("opt/liberty"))))
                .hasMessageContaining("one of the server's own files");
        var link = Files.createSymbolicLink(dir.resolve("opt/keys"), server.resolve("resources"));
        assertThatThrownBy(() -> editor.update(includes(link))).hasMessageContaining("one of the server's own files");
        assertThat(store.current().includePaths()).isEmpty();

        assertThat(editor.update(includes(config)).includePaths()).containsExactly(config.toString());
    }

    @Test
    void aLinkThatLeadsNowhereIsRefusedNotGuessed() throws Exception {
        var editor = editorWithRoots(Files.createDirectories(dir.resolve("server")));
        var dangling = Files.createSymbolicLink(
                Files.createDirectories(dir.resolve("backup-roots")).resolve("gone"), dir.resolve("no-such-folder"));

        assertThatThrownBy(() -> editor.update(location(dangling.resolve("backups"))))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageContaining("symbolic link that does not resolve");
        assertThat(dir.resolve("no-such-folder")).doesNotExist();
    }

    @Test
    void anIncludePathThatContainsTheBackupFolderIsRefused() throws Exception {
        var server = Files.createDirectories(dir.resolve("server"));
        var settings = TestSettings.backup(dir.resolve("backups"), dir.resolve("restores"));
        settings.backupLocationRoots = java.util.Optional.of(dir.resolve("opt").toString());
        settings.includePathRoots = java.util.Optional.of(dir.resolve("opt").toString());
        var editor = new BackupConfigEditor(
                store, catalog, new BackupJobsTest.FixedSources(Map.of("app-data", dir)), changed, clock, settings);
        var app = Files.createDirectories(dir.resolve("opt/app"));
        editor.update(includes(app));

        assertThatThrownBy(() -> editor.update(location(app.resolve("backups"))))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessage("include_paths: " + app + " overlaps the backup folder " + app.resolve("backups")
                        + "; backups never hold backups");
        assertThat(app.resolve("backups")).doesNotExist();
        assertThat(store.current().backupLocation())
                .isEqualTo(dir.resolve("backups").toString());
        assertThat(server).isEmptyDirectory();
    }

    @Test
    void unknownVolumesAreRefusedAndCloudRetentionFallsBackToLocal() {
        assertThatThrownBy(() -> configuration.update(new BackupConfigEditor.Change(
                        null, null, null, null, null, null, null, null, null, List.of("ghost"), null)))
                .isInstanceOf(VolumeUnknown.class);

        var updated = configuration.update(new BackupConfigEditor.Change(
                null, null, 10, null, null, null, null, null, null, List.of("app-data"), 30));
        assertThat(updated.includeVolumes()).containsExactly("app-data");
        assertThat(updated.cloudRetentionDays()).isEqualTo(30);

        updated = configuration.update(
                new BackupConfigEditor.Change(null, null, null, null, null, null, null, null, null, List.of(), 0));
        assertThat(updated.includeVolumes()).isNull();
        assertThat(updated.cloudRetentionDays()).isEqualTo(10);
    }

    @Test
    void anEmptyChangeKeepsEverythingButTheTimestamp() {
        clock.advance(Duration.ofHours(1));

        var updated = configuration.update(change());

        assertThat(updated.schedule()).isEqualTo("0 2 * * *");
        assertThat(updated.codec()).isEqualTo(Codec.GZIP);
        assertThat(updated.updatedAt()).isEqualTo(clock.instant());
    }

    static BackupConfigEditor.Change excludes(List<String> patterns) {
        return new BackupConfigEditor.Change(null, null, null, null, null, patterns, null, null, null, null, null);
    }

    @Test
    void anExcludePatternThatDoesNotCompileIsRefusedAndNothingIsStored() {
        for (var broken : List.of("[abc", "{a,{b,c}}", "logs/[z-a]")) {
            assertThatThrownBy(() -> configuration.update(excludes(List.of("*.tmp", broken))))
                    .isInstanceOf(InvalidBackupRequest.class)
                    .hasMessageStartingWith("exclude_patterns: ")
                    .hasMessageContaining(broken);
        }
        assertThat(store.current().excludePatterns()).isEmpty();
        assertThat(changed.fired).isEmpty();
    }

    @Test
    void patternsThatExcludeEverythingOrNothingAreRefused() {
        for (var everything : List.of("*", "**", "?*", "{*,x/y}")) {
            assertThatThrownBy(() -> configuration.update(excludes(List.of(everything))))
                    .isInstanceOf(InvalidBackupRequest.class)
                    .hasMessageStartingWith("exclude_patterns: ")
                    .hasMessageContaining("excludes everything");
        }
        for (var absolute : List.of("/", "/var/log/*")) {
            assertThatThrownBy(() -> configuration.update(excludes(List.of(absolute))))
                    .isInstanceOf(InvalidBackupRequest.class)
                    .hasMessageStartingWith("exclude_patterns: ")
                    .hasMessageContaining("relative to");
        }
        assertThatThrownBy(() -> configuration.update(excludes(List.of("a\nb"))))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageStartingWith("exclude_patterns: ");
        assertThat(store.current().excludePatterns()).isEmpty();

        var kept = List.of("*.tmp", ".*", "cache/**", "[!a]*.log", "__pycache__");
        assertThat(configuration.update(excludes(kept)).excludePatterns()).isEqualTo(kept);
    }

    @Test
    void valuesLongerThanTheirColumnAreRefusedNamingTheField() throws Exception {
        // Measured as stored: the schedule trimmed.
        var longSchedule = " ".repeat(60) + "0 2 * * *" + " ".repeat(60);
        var schedule101 =
                "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34 2 * * *";
        assertThat(schedule101.length()).isGreaterThan(100);
        assertThatThrownBy(() -> configuration.update(schedule(schedule101, null)))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageStartingWith("schedule: ")
                .hasMessageContaining("100");
        assertThat(configuration.update(schedule(longSchedule, null)).schedule())
                .isEqualTo("0 2 * * *");

        var deep = dir.resolve("d".repeat(200) + "/" + "e".repeat(200) + "/" + "f".repeat(200) + "/" + "g".repeat(200)
                + "/" + "h".repeat(200) + "/" + "i".repeat(100));
        assertThat(deep.toString().length()).isGreaterThan(1024);
        assertThatThrownBy(() -> configuration.update(new BackupConfigEditor.Change(
                        null, null, null, deep.toString(), null, null, null, null, null, null, null)))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageStartingWith("backup_location: ");
        assertThat(Files.exists(dir.resolve("d".repeat(200)))).isFalse();

        var manyPatterns = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> "pattern-" + i + "-" + "x".repeat(40) + "*.tmp")
                .toList();
        assertThatThrownBy(() -> configuration.update(excludes(manyPatterns)))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageStartingWith("exclude_patterns: ")
                .hasMessageContaining("8000");

        var folder = Files.createDirectories(dir.resolve("p".repeat(200)));
        var manyPaths = java.util.Collections.nCopies(40, folder.toString());
        assertThatThrownBy(() -> configuration.update(new BackupConfigEditor.Change(
                        null, null, null, null, manyPaths, null, null, null, null, null, null)))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageStartingWith("include_paths: ")
                .hasMessageContaining("8000");

        assertThat(store.current().schedule()).isEqualTo("0 2 * * *");
        assertThat(store.current().excludePatterns()).isEmpty();
        assertThat(changed.fired).hasSize(1);
    }

    static BackupConfigEditor.Change incremental(Boolean enabled, Integer days, Integer increments) {
        return BackupConfigEditor.Change.incremental(new BackupConfigEditor.Incremental(enabled, days, increments));
    }

    @Test
    void incrementalBackupsAreOffByDefaultWithAFullBackupEverySevenDaysAndThirtyIncrements() {
        var config = store.current();

        assertThat(config.incrementalEnabled()).isFalse();
        assertThat(config.fullEveryDays()).isEqualTo(7);
        assertThat(config.fullEveryIncrements()).isEqualTo(30);
    }

    @Test
    void theIncrementalSettingsChangePartiallyAndLeaveTheRestAsItIs() {
        configuration.update(incremental(true, null, null));
        assertThat(store.current().incrementalEnabled()).isTrue();
        assertThat(store.current().fullEveryDays()).isEqualTo(7);

        configuration.update(incremental(null, 14, null));
        configuration.update(incremental(null, null, 1000));
        configuration.update(schedule("0 3 * * *", null));

        var config = store.current();
        assertThat(config.incrementalEnabled()).isTrue();
        assertThat(config.fullEveryDays()).isEqualTo(14);
        assertThat(config.fullEveryIncrements()).isEqualTo(1000);
        assertThat(config.schedule()).isEqualTo("0 3 * * *");

        configuration.update(incremental(false, 1, 1));
        assertThat(store.current().incrementalEnabled()).isFalse();
        assertThat(store.current().fullEveryDays()).isEqualTo(1);
        assertThat(store.current().fullEveryIncrements()).isEqualTo(1);
    }

    @Test
    void incrementalLimitsOutOfRangeAreRefusedWholeNamingTheField() {
        for (var days : new int[] {0, -1, 366}) {
            assertThatThrownBy(() -> configuration.update(incremental(true, days, 10)))
                    .isInstanceOf(InvalidBackupRequest.class)
                    .hasMessage("incremental.full_every_days: must be 1 to 365, not " + days);
        }
        for (var increments : new int[] {0, 1001}) {
            assertThatThrownBy(() -> configuration.update(incremental(true, 7, increments)))
                    .isInstanceOf(InvalidBackupRequest.class)
                    .hasMessage("incremental.full_every_increments: must be 1 to 1000, not " + increments);
        }

        // Nothing of a refused change is stored, not even its valid parts.
        var config = store.current();
        assertThat(config.incrementalEnabled()).isFalse();
        assertThat(config.fullEveryDays()).isEqualTo(7);
        assertThat(config.fullEveryIncrements()).isEqualTo(30);
        assertThat(changed.fired).isEmpty();
    }
}
