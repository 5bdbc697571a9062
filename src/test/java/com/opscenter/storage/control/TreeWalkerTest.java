package com.opscenter.storage.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.archive.io.UnixStat;
import com.opscenter.it.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.Executors;
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
     * A path longer than the kernel's PATH_MAX (4096 bytes) fails every JDK operation by path with ENAMETOOLONG;
     * such trees exist (made by tools that descend folder by folder). The walk looks everything up through
     * folder handles, link counts included, so it counts them whole, in both walks.
     */
    @Test
    void aTreeDeeperThanPathMaxIsCountedWholeThroughHandles() throws Exception {
        var volume = Files.createDirectories(temp.resolve("vol"));
        Files.write(volume.resolve("readable.txt"), new byte[42]);
        var segment = "d".repeat(250);
        try {
            shell("cd '" + volume + "' && for i in $(seq 1 18); do mkdir " + segment + " && cd " + segment
                    + "; done && echo deep > deep.txt");

            var sequential = TreeWalker.measure(volume);
            TreeStats parallel;
            try (var walkThreads = new WalkThreads(2, Executors.defaultThreadFactory())) {
                parallel = TreeWalker.measure(volume, walkThreads);
            }

            assertThat(sequential.unreadable()).isZero();
            assertThat(sequential.size()).isEqualTo(42 + "deep\n".length());
            assertThat(sequential.totalFiles()).isEqualTo(2);
            assertThat(parallel).isEqualTo(sequential);
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

    @Test
    void aParallelWalkAnswersExactlyAsTheSequentialOne() throws IOException {
        var volume = Files.createDirectories(temp.resolve("vol"));
        // More folders than the hand-off queue holds, nested, with equal sizes at the top-ten boundary.
        for (var d = 0; d < ParallelTree.QUEUE_BOUND * 2; d++) {
            var dir = Files.createDirectories(volume.resolve("d" + d + "/sub" + (d % 3)));
            for (var f = 0; f < 5; f++) {
                Files.write(dir.resolve("f" + f), new byte[(d * 7 + f) % 50]);
            }
            Files.write(volume.resolve("d" + d + "/top"), new byte[d % 4]);
        }
        Files.createLink(volume.resolve("d1/linked"), volume.resolve("d99/sub0/f4"));
        Files.createSymbolicLink(volume.resolve("d2/out"), temp);

        var sequential = TreeWalker.measure(volume);
        for (var threads : new int[] {1, 2, 8}) {
            try (var walkThreads = new WalkThreads(threads, Executors.defaultThreadFactory())) {
                assertThat(TreeWalker.measure(volume, walkThreads))
                        .as("walked by %d threads", threads)
                        .isEqualTo(sequential);
            }
        }
        assertThat(sequential.totalFiles()).isEqualTo(ParallelTree.QUEUE_BOUND * 2 * 6L);
    }

    @Test
    void aParallelWalkFollowsNoSymbolicLinkAndCountsHardLinksOnceAcrossThreads() throws IOException {
        var outside = Files.createDirectories(temp.resolve("outside"));
        Files.write(outside.resolve("secret.bin"), new byte[5000]);
        var volume = Files.createDirectories(temp.resolve("vol"));
        var original = Files.write(volume.resolve("blob"), new byte[4096]);
        for (var d = 0; d < 20; d++) {
            var dir = Files.createDirectories(volume.resolve("d" + d));
            Files.createLink(dir.resolve("blob"), original);
            Files.createSymbolicLink(dir.resolve("dir-link"), outside);
            Files.createSymbolicLink(dir.resolve("file-link"), outside.resolve("secret.bin"));
        }
        Files.createSymbolicLink(volume.resolve("root-link"), outside);

        try (var walkThreads = new WalkThreads(4, Executors.defaultThreadFactory())) {
            var stats = TreeWalker.measure(volume, walkThreads);

            assertThat(stats.size()).isEqualTo(4096);
            assertThat(stats.totalFiles()).isEqualTo(1);
            assertThat(stats.unreadable()).isZero();
        }
    }

    @Test
    void aParallelWalkOfAVolumeThatIsALinkIsAnUnreadableRoot() throws IOException {
        var outside = Files.createDirectories(temp.resolve("outside"));
        Files.write(outside.resolve("secret.bin"), new byte[5000]);
        var volume = Files.createSymbolicLink(temp.resolve("vol"), outside);

        try (var walkThreads = new WalkThreads(2, Executors.defaultThreadFactory())) {
            var stats = TreeWalker.measure(volume, walkThreads);

            assertThat(stats.rootUnreadable()).isTrue();
            assertThat(stats.size()).isZero();
        }
    }

    /** Surefire opens the package as liberty/jvm.options does; without it walks still count, one stat dearer. */
    @Test
    void linkCountsComeFromTheAttributesReadThroughTheHandle() throws IOException {
        var volume = Files.createDirectories(temp.resolve("vol"));
        var file = Files.write(volume.resolve("a"), new byte[1]);
        Files.createLink(volume.resolve("b"), file);

        assertThat(UnixStat.available()).isTrue();
        try (var dir = SecureTree.openRoot(volume)) {
            assertThat(UnixStat.linkCount(SecureTree.attributesOf(dir, Path.of("a"))))
                    .isEqualTo(2);
        }
    }

    private static void shell(String command) {
        Processes.check("bash", "-c", command);
    }
}
