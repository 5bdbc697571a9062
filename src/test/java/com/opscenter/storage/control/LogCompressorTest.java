package com.opscenter.storage.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCompressorTest {

    private static final Duration WEEK = Duration.ofDays(7);

    @TempDir
    Path logs;

    private Path log(String name, int lines) throws IOException {
        var file = logs.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, ("line of " + name + "\n").repeat(lines));
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

        var result = LogCompressor.compress(List.of(logs), WEEK, Instant.now(), false);

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

        var result = LogCompressor.compress(List.of(logs), WEEK, Instant.now(), false);

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

        var result = LogCompressor.compress(List.of(logs), WEEK, Instant.now(), false);

        assertThat(result.compressed()).containsExactly(abandoned);
        assertThat(logs.resolve("worker.log.gz")).exists();
    }

    @Test
    void aDryRunNamesTheFilesAndChangesNothing() throws IOException {
        var rotated = log("app.log.1", 10);

        var result = LogCompressor.compress(List.of(logs), WEEK, Instant.now(), true);

        assertThat(result.compressed()).containsExactly(rotated);
        assertThat(result.freedBytes()).isZero();
        assertThat(rotated).exists();
        assertThat(logs.resolve("app.log.1.gz")).doesNotExist();
    }

    @Test
    void anExistingCompressedCopyIsAnErrorAndTheOriginalStays() throws IOException {
        var rotated = log("app.log.1", 10);
        Files.writeString(logs.resolve("app.log.1.gz"), "someone else's");

        var result = LogCompressor.compress(List.of(logs), WEEK, Instant.now(), false);

        assertThat(result.errors()).singleElement().asString().contains("already exists");
        assertThat(rotated).exists();
        assertThat(Files.readString(logs.resolve("app.log.1.gz"))).isEqualTo("someone else's");
    }

    @Test
    void aMissingLogFolderIsNotAnError() {
        var result = LogCompressor.compress(List.of(logs.resolve("none")), WEEK, Instant.now(), false);

        assertThat(result.compressed()).isEmpty();
        assertThat(result.errors()).isEmpty();
    }
}
