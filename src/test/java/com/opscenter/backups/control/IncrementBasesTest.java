package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.archive.Codec;
import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupType;
import com.opscenter.platform.control.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which backup an increment is built on, and when a full backup is taken instead; archives and indexes on disk. */
class IncrementBasesTest {

    @TempDir
    Path dir;

    final TestClock clock = TestClock.at("2026-12-10T12:00:00Z");
    InMemoryBackupCatalog catalog;
    IncrementBases bases;
    Path folder;

    static final List<String> APP = List.of("app-data");

    @BeforeEach
    void setUp() {
        catalog = new InMemoryBackupCatalog(clock);
        bases = new IncrementBases(catalog, clock);
        folder = dir.resolve("backups");
    }

    /** A completed backup of {@code volumes} taken {@code hoursAgo}, with its archive and (unless told) index. */
    Backup completed(int hoursAgo, List<String> volumes, List<String> paths, boolean index) {
        var started = clock.instant().minus(Duration.ofHours(hoursAgo));
        var backup = Backup.started(
                TestBackups.idAt(started),
                BackupType.MANUAL,
                null,
                Codec.GZIP,
                volumes,
                paths,
                "test",
                "node-a",
                folder.toString(),
                started);
        var archive = backup.id() + Codec.GZIP.extension();
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve(archive), new byte[10]);
            if (index) {
                Files.write(ArchiveFormat.indexPath(folder, backup.id()), new byte[1]);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        backup.archived(archive, 10, "0".repeat(64), 1, List.of(), started.plusSeconds(60));
        catalog.add(backup);
        return backup;
    }

    Backup completed(int hoursAgo) {
        return completed(hoursAgo, APP, List.of(), true);
    }

    /** An increment of {@code base}, holding content of what the base holds and of the base. */
    Backup increment(int hoursAgo, Backup base) {
        var backup = completed(hoursAgo);
        var holders = new java.util.ArrayList<>(base.dependsOn());
        holders.add(base.id());
        return backup.incrementOf(base.id(), holders);
    }

    IncrementBases.Decision choose() {
        return bases.choose(APP, List.of(), 7, 30);
    }

    @Test
    void withoutAnyBackupTheFirstIsFullAndSaysWhy() {
        var decision = choose();

        assertThat(decision.incremental()).isFalse();
        assertThat(decision.mode()).isEqualTo("full");
        assertThat(decision.spec()).isNull();
        assertThat(decision.reason()).contains("no completed backup of the same volumes and paths");
    }

    @Test
    void theBaseIsTheNewestCompletedBackupOfExactlyTheSameVolumesAndPaths() {
        var both = List.of("app-data", "db-data");
        completed(5, both, List.of(), true);
        var newestOfBoth = completed(4, both, List.of(), true);
        completed(3, both, List.of("/srv/config"), true);
        completed(2, APP, List.of(), true);
        completed(1, List.of("db-data"), List.of(), true);

        // The same set in another order is the same set.
        var decision = bases.choose(List.of("db-data", "app-data"), List.of(), 7, 30);

        assertThat(decision.incremental()).isTrue();
        assertThat(decision.base().id()).isEqualTo(newestOfBoth.id());
        assertThat(decision.reason()).isNull();
        assertThat(decision.spec().id()).isEqualTo(newestOfBoth.id());
        assertThat(decision.spec().index()).isEqualTo(ArchiveFormat.indexPath(folder, newestOfBoth.id()));
    }

    @Test
    void failedRunningAndMissingBackupsAreNeverBases() {
        var usable = completed(10);
        var failed = TestBackups.running(folder, clock.instant().minus(Duration.ofHours(3)), "app-data");
        failed.failed("disk full", clock.instant());
        catalog.add(failed);
        catalog.add(TestBackups.running(folder, clock.instant().minus(Duration.ofHours(1)), "app-data"));
        var missing = completed(2);
        catalog.change(missing.id(), Backup::markMissing);

        assertThat(choose().base().id()).isEqualTo(usable.id());
    }

    @Test
    void aBackupWhoseArchiveOrIndexIsNotOnDiskIsPassedOverForAnOlderOne() throws IOException {
        var older = completed(10);
        var withoutIndex = completed(5, APP, List.of(), false);

        var decision = choose();
        assertThat(decision.base().id()).isEqualTo(older.id());

        var withoutArchive = completed(1);
        Files.delete(folder.resolve(withoutArchive.archiveFile()));
        assertThat(choose().base().id()).isEqualTo(older.id());

        Files.delete(ArchiveFormat.indexPath(folder, older.id()));
        var none = choose();
        assertThat(none.incremental()).isFalse();
        // The reason names the newest backup that was passed over and what it lacks.
        assertThat(none.reason()).contains(withoutArchive.id()).contains("its archive is not in");

        Files.delete(ArchiveFormat.indexPath(folder, withoutArchive.id()));
        catalog.remove(withoutArchive.id());
        assertThat(choose().reason()).contains(withoutIndex.id()).contains("its index");
    }

    @Test
    void aBackupWhoseOwnChainIsNotWholeIsNoBase() throws IOException {
        var full = completed(10);
        var increment = increment(5, full);
        assertThat(choose().base().id()).isEqualTo(increment.id());

        // The full backup's archive is gone: the increment cannot be restored, nor can anything built on it.
        Files.delete(folder.resolve(full.archiveFile()));
        var decision = choose();

        assertThat(decision.incremental()).isFalse();
        assertThat(decision.reason()).contains(increment.id()).contains(full.id() + ", which it depends on");
    }

    @Test
    void aDependencyMarkedMissingOrRemovedFromTheCatalogBreaksTheChainToo() {
        var full = completed(10);
        increment(5, full);
        catalog.change(full.id(), Backup::markMissing);
        assertThat(choose().incremental()).isFalse();

        catalog.remove(full.id());
        assertThat(choose().reason()).contains(full.id() + ", which it depends on, is gone");
    }

    @Test
    void theIncrementHoldsWhatItsBaseHoldsAndTheBaseWhileItRuns() {
        var full = completed(10);
        var first = increment(5, full);

        var decision = choose();

        assertThat(decision.base().id()).isEqualTo(first.id());
        assertThat(decision.holders()).containsExactly(full.id(), first.id());
    }

    @Test
    void aChainWhoseFullBackupIsOlderThanFullEveryDaysStartsAgainWithAFullBackup() {
        clock.set(Instant.parse("2026-12-01T12:00:00Z"));
        var full = completed(0);
        clock.advance(Duration.ofDays(3));
        var increment = increment(0, full);

        clock.set(Instant.parse("2026-12-08T12:00:00Z"));
        // Exactly seven days: not older than seven days.
        assertThat(choose().base().id()).isEqualTo(increment.id());

        clock.advance(Duration.ofSeconds(1));
        var decision = choose();
        assertThat(decision.incremental()).isFalse();
        assertThat(decision.reason()).contains("full backup " + full.id()).contains("older than 7 day(s)");
        // A longer period keeps the chain going.
        assertThat(bases.choose(APP, List.of(), 8, 30).base().id()).isEqualTo(increment.id());
    }

    @Test
    void afterFullEveryIncrementsIncrementsTheNextBackupIsFull() {
        var full = completed(10);
        var first = increment(9, full);
        var second = increment(8, first);

        // second is the 2nd increment on full: with 3 allowed a 3rd may follow, with 2 it may not.
        assertThat(bases.choose(APP, List.of(), 7, 3).base().id()).isEqualTo(second.id());
        var decision = bases.choose(APP, List.of(), 7, 2);
        assertThat(decision.incremental()).isFalse();
        assertThat(decision.reason())
                .contains("increment number 2")
                .contains(full.id())
                .contains("full_every_increments: 2");
        // One increment per full backup: a full backup is a base, an increment is not.
        assertThat(bases.choose(APP, List.of(), 7, 1).incremental()).isFalse();
        completed(1);
        assertThat(bases.choose(APP, List.of(), 7, 1).incremental()).isTrue();
    }

    @Test
    void aChainThatCannotBeFollowedBackToItsFullBackupStartsAgain() {
        var full = completed(10);
        var first = increment(9, full);
        // The second increment references only the full backup: the first, its base, may go.
        var second = completed(8).incrementOf(first.id(), List.of(full.id()));
        catalog.remove(first.id());

        var decision = choose();

        assertThat(decision.incremental()).isFalse();
        assertThat(decision.reason()).contains(second.id()).contains("backup " + first.id() + " is gone");
    }
}
