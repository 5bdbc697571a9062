package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestorerTest {

    @TempDir
    Path tmp;

    private Archiver.Result backupOfTwoVolumes() throws IOException {
        Path a = ArchiveRoundTripTest.buildTree(tmp.resolve("vol-a"));
        Path b = Files.createDirectories(tmp.resolve("vol-b"));
        Files.writeString(b.resolve("only-in-b.txt"), "b");
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        return new Archiver()
                .create(
                        new Archiver.Request(
                                "backup-20251023-020000",
                                backups,
                                List.of(new Archiver.Source("volumes/a", a), new Archiver.Source("volumes/b", b)),
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
        Archiver.Result result = backupOfTwoVolumes();
        Path dest = tmp.resolve("out/b");

        new Restorer().restore(result.archive(), "volumes/b", dest);

        try (Stream<Path> files = Files.list(dest)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("only-in-b.txt");
        }
    }

    @Test
    void wholeRestoreKeepsVolumesApartAndOmitsTheManifest() throws IOException {
        Archiver.Result result = backupOfTwoVolumes();
        Path dest = tmp.resolve("whole");

        new Restorer().restore(result.archive(), dest);

        assertThat(dest.resolve("volumes/a/a.txt")).hasContent("alpha");
        assertThat(dest.resolve("volumes/b/only-in-b.txt")).hasContent("b");
        assertThat(dest.resolve(".ops-center")).doesNotExist();
    }

    @Test
    void restoreInPlaceSwapsTheVolumeContents() throws IOException {
        Archiver.Result result = backupOfTwoVolumes();
        Path volume = tmp.resolve("vol-a");
        Map<String, TreeSnapshot.Node> before = TreeSnapshot.of(volume);
        Files.writeString(volume.resolve("a.txt"), "changed after the backup");
        Files.writeString(volume.resolve("new.txt"), "new");

        new Restorer().restoreInPlace(result.archive(), "volumes/a", volume);

        assertThat(TreeSnapshot.of(volume)).containsExactlyEntriesOf(before);
        assertThat(siblingsOf(volume)).containsExactlyInAnyOrder("backups", "vol-a", "vol-b");
    }

    @Test
    void failedInPlaceRestoreLeavesTheVolumeExactlyAsItWas() throws IOException {
        Archiver.Result result = backupOfTwoVolumes();
        Path volume = tmp.resolve("vol-a");
        Files.writeString(volume.resolve("a.txt"), "current");
        Map<String, TreeSnapshot.Node> before = TreeSnapshot.of(volume);
        byte[] bytes = Files.readAllBytes(result.archive());
        Files.write(result.archive(), java.util.Arrays.copyOf(bytes, bytes.length - 200));

        assertThatThrownBy(() -> new Restorer().restoreInPlace(result.archive(), "volumes/a", volume))
                .isInstanceOf(RestoreRejectedException.class);

        assertThat(TreeSnapshot.of(volume)).containsExactlyEntriesOf(before);
        assertThat(siblingsOf(volume)).containsExactlyInAnyOrder("backups", "vol-a", "vol-b");
    }

    @Test
    void inPlaceRestoreOfAnAbsentPrefixIsRefusedRatherThanEmptyingTheVolume() throws IOException {
        Archiver.Result result = backupOfTwoVolumes();
        Path volume = tmp.resolve("vol-a");
        Map<String, TreeSnapshot.Node> before = TreeSnapshot.of(volume);

        assertThatThrownBy(() -> new Restorer().restoreInPlace(result.archive(), "volumes/zzz", volume))
                .isInstanceOf(RestoreRejectedException.class)
                .hasMessageContaining("nothing under 'volumes/zzz'");
        assertThat(TreeSnapshot.of(volume)).containsExactlyEntriesOf(before);
    }

    @Test
    void restoreRefusesANonEmptyDestination() throws IOException {
        Archiver.Result result = backupOfTwoVolumes();
        Path dest = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(dest.resolve("keep.txt"), "keep");

        assertThatThrownBy(() -> new Restorer().restore(result.archive(), dest))
                .isInstanceOf(RestoreRejectedException.class)
                .hasMessageContaining("not an empty folder");
        assertThat(dest.resolve("keep.txt")).hasContent("keep");
    }

    @Test
    void listContentsPreviewsPathsSizesTypesAndTimes() throws IOException {
        Archiver.Result result = backupOfTwoVolumes();

        List<Restorer.ContentEntry> entries = new Restorer().listContents(result.archive());

        assertThat(entries)
                .extracting(Restorer.ContentEntry::path)
                .doesNotContain(Archiver.MANIFEST_NAME)
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
