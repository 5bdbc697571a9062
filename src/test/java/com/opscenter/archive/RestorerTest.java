package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.archive.format.EntryType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestorerTest {

    @TempDir
    Path tmp;

    private ArchiveResult backupOfTwoVolumes() throws IOException {
        Path a = ArchiveRoundTripTest.buildTree(tmp.resolve("vol-a"));
        Path b = Files.createDirectories(tmp.resolve("vol-b"));
        Files.writeString(b.resolve("only-in-b.txt"), "b");
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        return new Archiver(Thread::new)
                .create(
                        new ArchiveSpec(
                                "backup-20251023-020000",
                                backups,
                                List.of(new ArchiveSpec.Source("volumes/a", a), new ArchiveSpec.Source("volumes/b", b)),
                                List.of(),
                                Codec.ZSTD,
                                3,
                                "manual",
                                null,
                                Instant.now(),
                                List.of("a", "b"),
                                List.of()),
                        Archiver.ProgressListener.NONE);
    }

    @Test
    void restoreOfOnePrefixStripsItAndSkipsOtherVolumes() throws IOException {
        ArchiveResult result = backupOfTwoVolumes();
        Path dest = tmp.resolve("out/b");

        new Restorer(Thread::new).restore(result.archive(), "volumes/b", dest);

        try (Stream<Path> files = Files.list(dest)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("only-in-b.txt");
        }
    }

    @Test
    void wholeRestoreKeepsVolumesApartAndOmitsTheManifest() throws IOException {
        ArchiveResult result = backupOfTwoVolumes();
        Path dest = tmp.resolve("whole");

        new Restorer(Thread::new).restore(result.archive(), dest);

        assertThat(dest.resolve("volumes/a/a.txt")).hasContent("alpha");
        assertThat(dest.resolve("volumes/b/only-in-b.txt")).hasContent("b");
        assertThat(dest.resolve(".ops-center")).doesNotExist();
    }

    @Test
    void restoredEntriesGetTheArchivedModificationTimeAndTheRestoresStartAsAccessTime() throws IOException {
        Path old = tmp.resolve("vol-b/old.txt");
        Files.createDirectories(old.getParent());
        Files.writeString(old, "old");
        FileTime archived = FileTime.from(Instant.parse("2020-02-03T04:05:06.123456789Z"));
        Files.getFileAttributeView(old, BasicFileAttributeView.class).setTimes(archived, archived, null);
        ArchiveResult result = backupOfTwoVolumes();
        Path dest = tmp.resolve("timed");

        Instant before = Instant.now().minusSeconds(1); // file systems may round the clock down
        new Restorer(Thread::new).restore(result.archive(), dest);
        Instant after = Instant.now().plusSeconds(1);

        for (Path restored : List.of(dest.resolve("volumes/b/old.txt"), dest.resolve("volumes/b"))) {
            var times = Files.readAttributes(restored, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (restored.endsWith("old.txt")) {
                // The archive keeps 100 ns (commons-compress's precision); GNU tar keeps nanoseconds.
                assertThat(times.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MICROS))
                        .isEqualTo(archived.toInstant().truncatedTo(ChronoUnit.MICROS));
            }
            assertThat(times.lastAccessTime().toInstant()).isBetween(before, after);
        }
    }

    @Test
    void restoreInPlaceSwapsTheVolumeContents() throws IOException {
        ArchiveResult result = backupOfTwoVolumes();
        Path volume = tmp.resolve("vol-a");
        Map<String, TreeSnapshot.Node> before = TreeSnapshot.of(volume);
        Files.writeString(volume.resolve("a.txt"), "changed after the backup");
        Files.writeString(volume.resolve("new.txt"), "new");

        new Restorer(Thread::new).restoreInPlace(result.archive(), "volumes/a", volume);

        assertThat(TreeSnapshot.of(volume)).containsExactlyEntriesOf(before);
        assertThat(siblingsOf(volume)).containsExactlyInAnyOrder("backups", "vol-a", "vol-b");
    }

    @Test
    void failedInPlaceRestoreLeavesTheVolumeExactlyAsItWas() throws IOException {
        ArchiveResult result = backupOfTwoVolumes();
        Path volume = tmp.resolve("vol-a");
        Files.writeString(volume.resolve("a.txt"), "current");
        Map<String, TreeSnapshot.Node> before = TreeSnapshot.of(volume);
        byte[] bytes = Files.readAllBytes(result.archive());
        Files.write(result.archive(), java.util.Arrays.copyOf(bytes, bytes.length - 200));

        assertThatThrownBy(() -> new Restorer(Thread::new).restoreInPlace(result.archive(), "volumes/a", volume))
                .isInstanceOf(RestoreRejectedException.class);

        assertThat(TreeSnapshot.of(volume)).containsExactlyEntriesOf(before);
        assertThat(siblingsOf(volume)).containsExactlyInAnyOrder("backups", "vol-a", "vol-b");
    }

    @Test
    void inPlaceRestoreOfAnAbsentPrefixIsRefusedRatherThanEmptyingTheVolume() throws IOException {
        ArchiveResult result = backupOfTwoVolumes();
        Path volume = tmp.resolve("vol-a");
        Map<String, TreeSnapshot.Node> before = TreeSnapshot.of(volume);

        assertThatThrownBy(() -> new Restorer(Thread::new).restoreInPlace(result.archive(), "volumes/zzz", volume))
                .isInstanceOf(RestoreRejectedException.class)
                .hasMessageContaining("nothing under 'volumes/zzz'");
        assertThat(TreeSnapshot.of(volume)).containsExactlyEntriesOf(before);
    }

    @Test
    void restoreRefusesANonEmptyDestination() throws IOException {
        ArchiveResult result = backupOfTwoVolumes();
        Path dest = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(dest.resolve("keep.txt"), "keep");

        assertThatThrownBy(() -> new Restorer(Thread::new).restore(result.archive(), dest))
                .isInstanceOf(RestoreRejectedException.class)
                .hasMessageContaining("not an empty folder");
        assertThat(dest.resolve("keep.txt")).hasContent("keep");
    }

    @Test
    void contentPagesSplitTheFullListingInOrderAndCountEveryEntry() throws IOException {
        ArchiveResult result = backupOfTwoVolumes();
        var restorer = new Restorer(Thread::new);
        var all = restorer.listContents(result.archive());

        var first = restorer.listContents(result.archive(), 0, 2);
        var second = restorer.listContents(result.archive(), 2, 2);
        var rest = restorer.listContents(result.archive(), 4, all.size());
        var beyond = restorer.listContents(result.archive(), all.size(), 10);

        assertThat(all).hasSizeGreaterThan(4);
        assertThat(first.entries()).containsExactlyElementsOf(all.subList(0, 2));
        assertThat(second.entries()).containsExactlyElementsOf(all.subList(2, 4));
        assertThat(rest.entries()).containsExactlyElementsOf(all.subList(4, all.size()));
        assertThat(beyond.entries()).isEmpty();
        assertThat(List.of(first.total(), second.total(), rest.total(), beyond.total()))
                .containsOnly((long) all.size());
    }

    @Test
    void listContentsPreviewsPathsSizesTypesAndTimes() throws IOException {
        ArchiveResult result = backupOfTwoVolumes();

        List<Restorer.ContentEntry> entries = new Restorer(Thread::new).listContents(result.archive());

        assertThat(entries)
                .extracting(Restorer.ContentEntry::path)
                .doesNotContain(ArchiveFormat.MANIFEST_NAME)
                .contains("volumes/a", "volumes/a/empty", "volumes/b/only-in-b.txt");
        assertThat(entries)
                .filteredOn(e -> e.path().equals("volumes/a/link-to-a"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(EntryType.SYMLINK);
                    assertThat(e.linkTarget()).isEqualTo("a.txt");
                });
        assertThat(entries)
                .filteredOn(e -> e.path().equals("volumes/b/only-in-b.txt"))
                .singleElement()
                .satisfies(e -> assertThat(e.size()).isEqualTo(1));
    }

    private static List<String> siblingsOf(Path p) throws IOException {
        try (Stream<Path> s = Files.list(p.getParent())) {
            return s.map(x -> x.getFileName().toString()).toList();
        }
    }
}
