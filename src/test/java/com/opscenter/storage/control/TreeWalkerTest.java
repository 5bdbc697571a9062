package com.opscenter.storage.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeWalkerTest {

    @TempDir
    Path temp;

    @Test
    void measuresSizesCountsAndLargestFilesRelativeToTheVolume() throws IOException {
        var volume = Files.createDirectories(temp.resolve("vol"));
        Files.createDirectories(volume.resolve("models/qwen"));
        for (var i = 1; i <= 12; i++) {
            Files.write(volume.resolve("models/qwen/part" + i + ".bin"), new byte[i * 100]);
        }

        var stats = TreeWalker.measure(volume);

        assertThat(stats.totalFiles()).isEqualTo(12);
        assertThat(stats.size()).isEqualTo(100L * (12 * 13 / 2));
        assertThat(stats.largestFiles()).hasSize(TreeWalker.LARGEST_FILES);
        assertThat(stats.largestFiles().get(0).name()).isEqualTo("part12.bin");
        assertThat(stats.largestFiles().get(0).path()).isEqualTo("models/qwen/part12.bin");
        assertThat(stats.largestFiles().get(9).size()).isEqualTo(300);
        assertThat(stats.unreadable()).isZero();
        assertThat(stats.rootUnreadable()).isFalse();
    }

    @Test
    void doesNotFollowSymbolicLinksOutOfTheVolume() throws IOException {
        var outside = Files.createDirectories(temp.resolve("outside"));
        Files.write(outside.resolve("secret.bin"), new byte[5000]);
        var volume = Files.createDirectories(temp.resolve("vol"));
        Files.write(volume.resolve("own.txt"), new byte[10]);
        Files.createSymbolicLink(volume.resolve("dir-link"), outside);
        Files.createSymbolicLink(volume.resolve("file-link"), outside.resolve("secret.bin"));

        var stats = TreeWalker.measure(volume);

        assertThat(stats.size()).isEqualTo(10);
        assertThat(stats.totalFiles()).isEqualTo(1);
        assertThat(stats.largestFiles()).extracting(TreeStats.FileInfo::name).containsExactly("own.txt");
    }

    @Test
    void countsHardLinkedFilesOnce() throws IOException {
        var volume = Files.createDirectories(temp.resolve("vol"));
        var original = Files.write(volume.resolve("blob"), new byte[4096]);
        Files.createDirectories(volume.resolve("snapshots"));
        Files.createLink(volume.resolve("snapshots/blob-1"), original);
        Files.createLink(volume.resolve("snapshots/blob-2"), original);
        Files.write(volume.resolve("other"), new byte[1]);

        var stats = TreeWalker.measure(volume);

        assertThat(stats.size()).isEqualTo(4097);
        assertThat(stats.totalFiles()).isEqualTo(2);
    }

    @Test
    void lastAccessedIsTheNewestAccessOrModificationTime() throws IOException {
        var volume = Files.createDirectories(temp.resolve("vol"));
        var old = Files.write(volume.resolve("old"), new byte[1]);
        var recent = Files.write(volume.resolve("recent"), new byte[1]);
        var view = Files.getFileAttributeView(old, java.nio.file.attribute.BasicFileAttributeView.class);
        view.setTimes(
                FileTime.from(Instant.parse("2020-01-01T00:00:00Z")),
                FileTime.from(Instant.parse("2020-01-02T00:00:00Z")),
                null);
        Files.getFileAttributeView(recent, java.nio.file.attribute.BasicFileAttributeView.class)
                .setTimes(
                        FileTime.from(Instant.parse("2021-01-01T00:00:00Z")),
                        FileTime.from(Instant.parse("2024-05-05T00:00:00Z")),
                        null);

        assertThat(TreeWalker.measure(volume).lastAccessed()).isEqualTo(Instant.parse("2024-05-05T00:00:00Z"));
    }

    @Test
    void aMissingRootIsUnreadableAndSaysWhy() {
        var stats = TreeWalker.measure(temp.resolve("gone"));

        assertThat(stats.rootUnreadable()).isTrue();
        assertThat(stats.problems()).singleElement().asString().contains("does not exist");
        assertThat(VolumeHealth.of(stats, false)).isEqualTo(VolumeHealth.ERROR);
    }

    /**
     * The tests run as root, which reads any file whatever its mode. What root cannot reach through a path is a
     * path longer than the kernel's PATH_MAX (4096 bytes): such trees exist (made with relative paths by tools
     * that descend directory by directory), and every JDK file operation on them fails with ENAMETOOLONG.
     */
    @Test
    void anEntryNobodyCanReadMakesAWarningWithItsReasonAndTheRestIsStillCounted() throws Exception {
        var volume = Files.createDirectories(temp.resolve("vol"));
        Files.write(volume.resolve("readable.txt"), new byte[42]);
        var segment = "d".repeat(250);
        try {
            shell("cd '" + volume + "' && for i in $(seq 1 18); do mkdir " + segment + " && cd " + segment
                    + "; done && echo deep > deep.txt");

            var stats = TreeWalker.measure(volume);

            assertThat(stats.rootUnreadable()).isFalse();
            assertThat(stats.unreadable()).isGreaterThan(0);
            assertThat(stats.problems().get(0)).contains("File name too long");
            assertThat(stats.size()).isEqualTo(42);
            assertThat(VolumeHealth.of(stats, false)).isEqualTo(VolumeHealth.WARNING);
        } finally {
            shell("rm -rf '" + volume.resolve(segment) + "'"); // rm descends relatively; the JDK could not
        }
    }

    @Test
    void verifyReadsContentAndSkipsFifosInsteadOfBlockingOnThem() throws Exception {
        var volume = Files.createDirectories(temp.resolve("vol"));
        Files.write(volume.resolve("data"), new byte[200_000]);
        shell("mkfifo '" + volume.resolve("pipe") + "'");

        var stats = TreeWalker.verify(volume);

        assertThat(stats.totalFiles()).isEqualTo(1);
        assertThat(stats.unreadable()).isZero();
    }

    private static void shell(String command) {
        Processes.check("bash", "-c", command);
    }
}
