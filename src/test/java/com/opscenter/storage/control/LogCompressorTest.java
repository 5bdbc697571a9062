package com.opscenter.storage.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Processes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCompressorTest {

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration DAY = Duration.ofDays(1);
    private static final FileTime TWO_DAYS_AGO = FileTime.from(Instant.now().minus(Duration.ofDays(2)));

    @TempDir
    Path logs;

    @TempDir
    Path elsewhere;

    private Path log(String name, int lines) throws IOException {
        var file = logs.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, ("line of " + name + "\n").repeat(lines));
        // Idle for longer than the minimum, as a log has to be before anything touches it.
        Files.setLastModifiedTime(file, TWO_DAYS_AGO);
        return file;
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (var in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    @Test
    void compressesRotatedLogsInPlaceWithTheSameContent() throws IOException {
        var rotated = log("app.log.1", 1000);
        var dated = log("nested/app.log.2024-01-01", 1000);
        var numbered = log("syslog.3", 1000);
        var original = Files.readAllBytes(rotated);
        Files.setPosixFilePermissions(rotated, PosixFilePermissions.fromString("rw-r-----"));
        var modified = FileTime.from(Instant.parse("2025-10-01T08:00:00Z"));
        Files.setLastModifiedTime(rotated, modified);

        var result = LogCompressor.compress(List.of(logs), WEEK, DAY, Instant.now(), false);

        assertThat(result.errors()).isEmpty();
        assertThat(result.compressed()).containsExactlyInAnyOrder(rotated, dated, numbered);
        assertThat(rotated).doesNotExist();
        var gz = logs.resolve("app.log.1.gz");
        assertThat(gunzip(gz)).isEqualTo(original);
        assertThat(Files.getLastModifiedTime(gz)).isEqualTo(modified);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(gz)))
                .isEqualTo("rw-r-----");
        assertThat(logs.resolve("nested/app.log.2024-01-01.gz")).exists();
        assertThat(result.freedBytes()).isPositive();
        try (var left = Files.list(logs)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void leavesTheActiveLogAndCompressedFilesAlone() throws IOException {
        var active = log("app.log", 100);
        var alreadyCompressed = log("app.log.2.gz", 1);
        var oldCompressed = log("old.log.gz", 1);
        Files.setLastModifiedTime(oldCompressed, FileTime.from(Instant.now().minus(Duration.ofDays(30))));

        var result = LogCompressor.compress(List.of(logs), WEEK, DAY, Instant.now(), false);

        assertThat(result.compressed()).isEmpty();
        assertThat(active).exists();
        assertThat(alreadyCompressed).exists();
        assertThat(logs.resolve("app.log.2.gz.gz")).doesNotExist();
        assertThat(logs.resolve("old.log.gz.gz")).doesNotExist();
    }

    @Test
    void compressesALogNotWrittenForLongerThanTheAge() throws IOException {
        var abandoned = log("worker.log", 10);
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofDays(8))));

        var result = LogCompressor.compress(List.of(logs), WEEK, DAY, Instant.now(), false);

        assertThat(result.compressed()).containsExactly(abandoned);
        assertThat(logs.resolve("worker.log.gz")).exists();
    }

    @Test
    void aDryRunNamesTheFilesAndChangesNothing() throws IOException {
        var rotated = log("app.log.1", 10);

        var result = LogCompressor.compress(List.of(logs), WEEK, DAY, Instant.now(), true);

        assertThat(result.compressed()).containsExactly(rotated);
        assertThat(result.freedBytes()).isZero();
        assertThat(rotated).exists();
        assertThat(logs.resolve("app.log.1.gz")).doesNotExist();
    }

    @Test
    void anExistingCompressedCopyIsAnErrorAndTheOriginalStays() throws IOException {
        var rotated = log("app.log.1", 10);
        Files.writeString(logs.resolve("app.log.1.gz"), "someone else's");

        var result = LogCompressor.compress(List.of(logs), WEEK, DAY, Instant.now(), false);

        assertThat(result.errors()).singleElement().asString().contains("already exists");
        assertThat(rotated).exists();
        assertThat(Files.readString(logs.resolve("app.log.1.gz"))).isEqualTo("someone else's");
    }

    @Test
    void aMissingLogFolderIsNotAnError() {
        var result = LogCompressor.compress(List.of(logs.resolve("none")), WEEK, DAY, Instant.now(), false);

        assertThat(result.compressed()).isEmpty();
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void aRotatedLogWrittenWithinTheIdleTimeIsLeftAlone() throws IOException {
        var active = logs.resolve("access.log.2026-12-01");
        Files.writeString(active, "GET / 200\n".repeat(1000));

        var result = LogCompressor.compress(List.of(logs), WEEK, DAY, Instant.now(), false);

        assertThat(result.compressed()).isEmpty();
        assertThat(active).hasContent("GET / 200\n".repeat(1000));
        assertThat(logs.resolve("access.log.2026-12-01.gz")).doesNotExist();
        assertThat(result.skipped()).singleElement().asString().contains("access.log.2026-12-01", "changed");
    }

    @Test
    void aLogHeldOpenForWritingByAnotherProcessIsLeftAloneWithTheReason() throws IOException {
        var active = log("access.log.2026-12-01", 1000);
        var content = Files.readString(active);
        var started = logs.resolve(".writer-started");
        var script = "exec 3>>'" + active + "'; touch '" + started + "'; exec sleep 60";
        try (var writer = Processes.command("bash", "-c", script)
                .timeout(Duration.ofSeconds(10))
                .background(logs.resolve(".writer-output"))) {
            awaitFile(started, writer);

            var result = LogCompressor.compress(List.of(logs), WEEK, DAY, Instant.now(), false);

            assertThat(result.compressed()).isEmpty();
            assertThat(result.errors()).isEmpty();
            assertThat(result.skipped())
                    .singleElement()
                    .asString()
                    .contains(
                            "access.log.2026-12-01",
                            "open",
                            String.valueOf(writer.process().pid()));
            assertThat(active).hasContent(content);
            assertThat(logs.resolve("access.log.2026-12-01.gz")).doesNotExist();
        }
    }

    @Test
    void aLogThisProcessHoldsOpenIsLeftAlone() throws IOException {
        var active = log("app.log.1", 100);
        try (var channel = FileChannel.open(active, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            var result = LogCompressor.compress(List.of(logs), WEEK, DAY, Instant.now(), false);

            assertThat(result.compressed()).isEmpty();
            assertThat(result.skipped()).singleElement().asString().contains("app.log.1", "open");
            assertThat(active).exists();
            assertThat(logs.resolve("app.log.1.gz")).doesNotExist();
        }
    }

    @Test
    void aLogThatCompressionWouldNotShrinkStaysAsItIsAndFreesNothing() throws IOException {
        var noise = new byte[64 * 1024];
        new Random(42).nextBytes(noise);
        var file = Files.write(logs.resolve("binary.log.1"), noise);
        Files.setLastModifiedTime(file, TWO_DAYS_AGO);

        var result = LogCompressor.compress(List.of(logs), WEEK, DAY, Instant.now(), false);

        assertThat(result.freedBytes()).isZero();
        assertThat(result.errors()).isEmpty();
        assertThat(Files.readAllBytes(file)).isEqualTo(noise);
        assertThat(logs.resolve("binary.log.1.gz")).doesNotExist();
        assertThat(result.skipped()).singleElement().asString().contains("binary.log.1");
    }

    @Test
    void aHardLinkedLogIsLeftAloneBecauseCompressingItWouldFreeNothing() throws IOException {
        var rotated = log("app.log.1", 1000);
        var other = Files.createLink(elsewhere.resolve("app.log.1"), rotated);

        var result = LogCompressor.compress(List.of(logs), WEEK, DAY, Instant.now(), false);

        assertThat(result.freedBytes()).isZero();
        assertThat(rotated).exists();
        assertThat(other).exists();
    }

    /** Waits for the child to say it holds the file; the child's own timeout bounds the wait. */
    private static void awaitFile(Path file, Processes.Background process) {
        while (!Files.exists(file)) {
            assertThat(process.alive()).as(process.output()).isTrue();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
