package com.opscenter.storage.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.archive.io.DurableFiles;
import com.opscenter.archive.io.FolderSwapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whoever writes into a cleaned or measured folder (a container, usually) can swap a subfolder for a symbolic
 * link while the service, as root, works in it. A thread does exactly that, in a tight loop, towards a victim
 * folder outside the tree whose files have the same names: the victim must come through every round unchanged,
 * and no walk may count what lies behind a link.
 */
class SwappedFolderRaceTest {

    private static final int ROUNDS = 25;
    /** Compression flushes every file it writes: fewer, slower rounds (today's code failed in the first). */
    private static final int LOG_ROUNDS = 8;

    private static final int FOLDERS = 20;
    private static final int FILES = 40;
    private static final FileTime OLD = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));

    @TempDir
    Path temp;

    @Test
    void cacheCleanupNeverDeletesThroughASwappedFolder() throws Exception {
        var victim = victim(i -> "f" + i, false);
        var before = snapshot(victim);
        var cache = temp.resolve("cache");
        for (var round = 0; round < ROUNDS; round++) {
            populate(cache, i -> "f" + i, 16);
            try (var swapper = new FolderSwapper(cache, victim, FOLDERS)) {
                CacheCleaner.clean(List.of(cache), List.of("sess_*"), false);
            }
            assertThat(snapshot(victim)).as("victim after round " + round).isEqualTo(before);
            removeTree(cache);
        }
    }

    @Test
    void logCompressionNeverTouchesASwappedFolder() throws Exception {
        var victim = victim(i -> "app.log." + i, false);
        var before = snapshot(victim);
        var logs = temp.resolve("logs");
        for (var round = 0; round < LOG_ROUNDS; round++) {
            populate(logs, i -> "app.log." + i, 200);
            try (var swapper = new FolderSwapper(logs, victim, FOLDERS)) {
                LogCompressor.compress(
                        List.of(logs),
                        Duration.ofDays(7),
                        Duration.ofDays(1),
                        Instant.parse("2026-06-01T00:00:00Z"),
                        false);
            }
            assertThat(snapshot(victim)).as("victim after round " + round).isEqualTo(before);
            removeTree(logs);
        }
    }

    @Test
    void sizeWalksNeverCountWhatASwappedFolderPointsTo() throws Exception {
        // Sparse victim files of a GiB each: one counted is plain in the total and in the largest files.
        var victim = victim(i -> "f" + i, true);
        var volume = temp.resolve("volume");
        populate(volume, i -> "f" + i, 16);
        try (var swapper = new FolderSwapper(volume, victim, FOLDERS)) {
            for (var round = 0; round < ROUNDS * 4; round++) {
                var stats = round % 2 == 0 ? TreeWalker.measure(volume) : TreeWalker.verify(volume);
                // A folder renamed during the walk may be seen twice, under both names; a victim file is a GiB.
                assertThat(stats.size()).as("size in round " + round).isLessThan(1L << 30);
                assertThat(stats.largestFiles())
                        .as("largest files in round " + round)
                        .allSatisfy(file -> assertThat(file.size()).isEqualTo(16));
            }
        }
    }

    @Test
    void parallelSizeWalksNeverCountWhatASwappedFolderPointsTo() throws Exception {
        var victim = victim(i -> "f" + i, true);
        var volume = temp.resolve("volume");
        populate(volume, i -> "f" + i, 16);
        try (var walkThreads = new WalkThreads(4, Executors.defaultThreadFactory());
                var swapper = new FolderSwapper(volume, victim, FOLDERS)) {
            for (var round = 0; round < ROUNDS * 4; round++) {
                var stats = TreeWalker.measure(volume, walkThreads);
                assertThat(stats.size()).as("size in round " + round).isLessThan(1L << 30);
                assertThat(stats.largestFiles())
                        .as("largest files in round " + round)
                        .allSatisfy(file -> assertThat(file.size()).isEqualTo(16));
            }
        }
    }

    private interface Names {
        String name(int index);
    }

    private Path victim(Names names, boolean sparse) throws IOException {
        var victim = Files.createDirectories(temp.resolve("victim"));
        for (var i = 0; i < FILES; i++) {
            var file = victim.resolve(names.name(i));
            if (sparse) {
                try (var raf = new RandomAccessFile(file.toFile(), "rw")) {
                    raf.setLength(1L << 30);
                }
            } else {
                Files.writeString(file, ("precious " + i + "\n").repeat(50));
            }
            Files.setLastModifiedTime(file, OLD);
        }
        return victim;
    }

    private static void populate(Path root, Names names, int size) throws IOException {
        for (var d = 0; d < FOLDERS; d++) {
            var dir = Files.createDirectories(root.resolve("d" + d));
            for (var i = 0; i < FILES; i++) {
                var file = Files.write(dir.resolve(names.name(i)), new byte[size]);
                Files.setLastModifiedTime(file, OLD);
            }
        }
    }

    /** Name, size, modification time and content of every file in the folder. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        var files = new TreeMap<String, String>();
        try (var list = Files.list(dir)) {
            for (var file : list.toList()) {
                var attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                var content = attributes.size() > (1 << 20) ? "sparse" : Arrays.toString(Files.readAllBytes(file));
                files.put(
                        file.getFileName().toString(),
                        attributes.size() + " " + attributes.lastModifiedTime() + " " + content.hashCode());
            }
        }
        return files;
    }

    /** Deletes a tree without following links (the swapper has stopped). */
    private static void removeTree(Path root) throws IOException {
        DurableFiles.deleteRecursively(root);
    }
}
