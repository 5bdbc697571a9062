package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.archive.io.DirectoryHandles;
import com.opscenter.archive.io.FolderSwapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is backed up or removed is writable by containers, and the service runs as root. A thread swaps
 * subfolders of the tree for links to a victim folder outside it, in a tight loop, while the engine works: no
 * backup may hold a name or a byte of the victim, and no removal may touch it.
 */
class SwappedSourceRaceTest {

    private static final int ROUNDS = 12;
    private static final int FOLDERS = 20;
    private static final int FILES = 40;

    @TempDir
    Path temp;

    @Test
    void backupNeverHoldsWhatASwappedFolderPointsTo() throws Exception {
        var victim = victim(i -> "secret" + i, "precious ");
        var before = snapshot(victim);
        var source = temp.resolve("volume");
        populate(source, i -> "f" + i);
        var backups = Files.createDirectories(temp.resolve("backups"));
        var restorer = new Restorer(Thread::new);
        try (var swapper = new FolderSwapper(() -> source, victim, FOLDERS)) {
            for (var round = 0; round < ROUNDS; round++) {
                var spec = new ArchiveSpec(
                        "backup-20260101-0000" + String.format("%02d", round),
                        backups,
                        List.of(new ArchiveSpec.Source("volumes/data", source)),
                        List.of(),
                        Codec.GZIP,
                        1,
                        "manual",
                        null,
                        Instant.parse("2026-01-01T00:00:00Z"),
                        List.of("data"),
                        List.of());
                var result = new Archiver(Thread::new).create(spec, Archiver.ProgressListener.NONE);

                var entries = restorer.listContents(result.archive());
                assertThat(entries)
                        .as("entries of round " + round)
                        .noneMatch(e -> e.path().contains("secret"));
                try (var input = ArchiveInput.open(
                        result.archive(), Thread::new, com.opscenter.archive.crypt.ArchiveKeys.NONE)) {
                    for (var entry = input.next(); entry != null; entry = input.next()) {
                        var content = new String(input.tar().readAllBytes(), StandardCharsets.ISO_8859_1);
                        assertThat(content)
                                .as(entry.getName() + " in round " + round)
                                .doesNotContain("precious");
                    }
                }
            }
            assertThat(swapper.swaps()).as("swaps made").isPositive();
        }
        assertThat(snapshot(victim)).isEqualTo(before);
    }

    @Test
    void removingATreeNeverDeletesThroughASwappedFolder() throws Exception {
        // Same names inside and outside: a removal that follows a link deletes the victim's files.
        var victim = victim(i -> "f" + i, "precious ");
        var before = snapshot(victim);
        for (var round = 0; round < ROUNDS * 2; round++) {
            var tree = temp.resolve("tree");
            populate(tree, i -> "f" + i);
            try (var swapper = new FolderSwapper(() -> tree, victim, FOLDERS)) {
                DirectoryHandles.deleteTree(tree);
            } catch (DirectoryNotEmptyException e) {
                // the swapper kept adding names faster than the removal looked again: reported, not followed
            }
            assertThat(snapshot(victim)).as("victim after round " + round).isEqualTo(before);
            DirectoryHandles.deleteTree(tree);
            assertThat(tree).doesNotExist();
        }
    }

    @Test
    void inPlaceRestoreRemovesTheOldVolumeWithoutFollowingSwappedFolders() throws Exception {
        var victim = victim(i -> "f" + i, "precious ");
        var before = snapshot(victim);
        var source = temp.resolve("source");
        populate(source, i -> "f" + i);
        var backups = Files.createDirectories(temp.resolve("backups"));
        var archive = new Archiver(Thread::new)
                .create(ArchiveRoundTripTest.request(backups, source), Archiver.ProgressListener.NONE)
                .archive();
        var volumes = Files.createDirectories(temp.resolve("volumes"));
        var volume = volumes.resolve("data");
        // Each restore flushes every file it wrote: fewer rounds.
        for (var round = 0; round < ROUNDS / 2; round++) {
            populate(volume, i -> "f" + i);
            // A container keeps writing into the old tree after it was renamed away: the swapper follows it.
            try (var swapper = new FolderSwapper(() -> oldTreeOr(volumes, volume), victim, FOLDERS)) {
                new Restorer(Thread::new).restoreInPlace(archive, "volumes/data", volume);
            }
            assertThat(snapshot(victim)).as("victim after round " + round).isEqualTo(before);
            try (var left = Files.list(volumes)) {
                assertThat(left.map(p -> p.getFileName().toString()))
                        .as("after round " + round)
                        .containsExactly("data");
            }
            DirectoryHandles.deleteTree(volume);
        }
    }

    private static Path oldTreeOr(Path volumes, Path volume) {
        try (var list = Files.list(volumes)) {
            return list.filter(p -> p.getFileName().toString().startsWith(".data.restore-old-"))
                    .findFirst()
                    .orElse(volume);
        } catch (IOException e) {
            return volume;
        }
    }

    private interface Names {
        String name(int index);
    }

    private Path victim(Names names, String content) throws IOException {
        var victim = Files.createDirectories(temp.resolve("victim"));
        for (var i = 0; i < FILES; i++) {
            Files.writeString(victim.resolve(names.name(i)), (content + i + "\n").repeat(20));
        }
        return victim;
    }

    private static void populate(Path root, Names names) throws IOException {
        for (var d = 0; d < FOLDERS; d++) {
            var dir = Files.createDirectories(root.resolve("d" + d));
            for (var i = 0; i < FILES; i++) {
                Files.writeString(dir.resolve(names.name(i)), "ordinary " + d + "/" + i + "\n");
            }
        }
    }

    private static Map<String, String> snapshot(Path dir) throws IOException {
        var files = new TreeMap<String, String>();
        try (var list = Files.list(dir)) {
            for (var file : list.toList()) {
                var attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                files.put(
                        file.getFileName().toString(),
                        attributes.size() + " " + attributes.lastModifiedTime() + " " + Files.readString(file));
            }
        }
        return files;
    }
}
