package com.opscenter.cloud.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** Isolated: it measures the JVM's direct buffer pool, which other test classes running at once would move. */
@Isolated
class MultipartUploaderReadTest {

    private static final int PART = 5 << 20;

    @TempDir
    Path dir;

    @Test
    void readingPartsOnManyThreadsLeavesNoPartSizedDirectBufferBehind() throws Exception {
        var bytes = new byte[PART + 12345];
        new Random(7).nextBytes(bytes);
        var file = Files.write(dir.resolve("archive"), bytes);
        var threads = 4;
        var pool = Executors.newFixedThreadPool(threads);
        try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
            var before = directBytesUsed();
            // All four wait for each other, so each read runs on its own pool thread, which then stays alive.
            var together = new CountDownLatch(threads);
            var reads = new ArrayList<Future<byte[]>>();
            for (int i = 0; i < threads; i++) {
                reads.add(pool.submit(() -> {
                    together.countDown();
                    together.await();
                    try (var part = new FileRegionInputStream(channel, 12345, PART)) {
                        return part.readAllBytes();
                    }
                }));
            }
            for (var read : reads) {
                assertThat(read.get(1, TimeUnit.MINUTES)).isEqualTo(Arrays.copyOfRange(bytes, 12345, 12345 + PART));
            }
            // Before the fix each thread kept a 5 MiB buffer: 20 MiB here.
            assertThat(directBytesUsed() - before).isLessThanOrEqualTo((long) threads * MultipartUploader.READ_SLICE);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFileThatShrankUnderTheUploadIsAnError() throws IOException {
        var file = Files.write(dir.resolve("short"), new byte[1000]);
        try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThatThrownBy(() -> new FileRegionInputStream(channel, 0, 2000).readAllBytes())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("shrank");
        }
    }

    @Test
    void aPartsHashCoversExactlyItsRegion() throws Exception {
        var bytes = new byte[3 * MultipartUploader.READ_SLICE + 17];
        new Random(11).nextBytes(bytes);
        var file = Files.write(dir.resolve("parts"), bytes);
        try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
            var offset = MultipartUploader.READ_SLICE - 5;
            var length = 2L * MultipartUploader.READ_SLICE + 9;
            var expected = java.security.MessageDigest.getInstance("MD5")
                    .digest(Arrays.copyOfRange(bytes, offset, (int) (offset + length)));
            assertThat(MultipartUploader.md5Of(channel, offset, length)).isEqualTo(expected);
            assertThat(MultipartUploader.md5Of(file))
                    .isEqualTo(java.security.MessageDigest.getInstance("MD5").digest(bytes));
        }
    }

    @Test
    void aPartCanBeMarkedAndReadAgainAsTheSdkMayDo() throws Exception {
        var bytes = new byte[100_000];
        new Random(3).nextBytes(bytes);
        var file = Files.write(dir.resolve("again"), bytes);
        try (var channel = FileChannel.open(file, StandardOpenOption.READ);
                var part = new FileRegionInputStream(channel, 1000, 50_000)) {
            assertThat(part.markSupported()).isTrue();
            part.mark(50_000);
            var first = part.readAllBytes();
            part.reset();
            assertThat(part.readAllBytes()).isEqualTo(first).isEqualTo(Arrays.copyOfRange(bytes, 1000, 51_000));
        }
    }

    private static long directBytesUsed() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed)
                .sum();
    }
}
