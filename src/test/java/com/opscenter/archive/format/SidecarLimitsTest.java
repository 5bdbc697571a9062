package com.opscenter.archive.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.archive.Codec;
import com.opscenter.it.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sidecar is read with bounded memory, stack and time: too large, too deep, too long a number, or not a regular
 * file, and it is skipped with the reason, while its good neighbours are read.
 */
class SidecarLimitsTest {

    @TempDir
    Path dir;

    static BackupSidecar good(String id, List<String> warnings) {
        return new BackupSidecar(
                id,
                Instant.parse("2026-12-01T12:00:00Z"),
                Instant.parse("2026-12-01T12:01:00Z"),
                "manual",
                null,
                Codec.GZIP,
                id + ".tar.gz",
                10,
                "0".repeat(64),
                1,
                1,
                List.of("app-data"),
                List.of(),
                warnings.isEmpty() ? "completed" : "completed_with_warnings",
                warnings,
                null,
                null,
                null,
                null);
    }

    @Test
    void aSidecarOverOneMebibyteIsRefusedBeforeItIsParsed() throws IOException {
        var file = dir.resolve("backup-20261201-120000.json");
        Files.write(file, HostileSidecars.gigantic("backup-20261201-120000", BackupSidecar.MAX_BYTES + 2));

        assertThatThrownBy(() -> BackupSidecar.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("larger than " + BackupSidecar.MAX_BYTES + " bytes");
    }

    @Test
    void deepNestingIsRefusedByItsDepth() throws IOException {
        var file = dir.resolve("backup-20261201-120000.json");
        Files.write(file, HostileSidecars.deeplyNested("backup-20261201-120000", 400_000));

        assertThatThrownBy(() -> BackupSidecar.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("nested deeper than");
    }

    @Test
    void aNumberOfThousandsOfDigitsIsRefusedByItsLength() throws IOException {
        var file = dir.resolve("backup-20261201-120000.json");
        Files.write(file, HostileSidecars.hugeNumber("backup-20261201-120000", 500_000));

        assertThatThrownBy(() -> BackupSidecar.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("a number longer than");
    }

    @Test
    void aNumberTooLargeForALongReadsAsAbsentNotAsAnError() throws IOException {
        var file = dir.resolve("backup-20261201-120000.json");
        Files.write(file, HostileSidecars.hugeNumber("backup-20261201-120000", 30));

        assertThat(BackupSidecar.read(file).archiveSize()).isZero();
    }

    @Test
    void linksFifosAndDevicesAreNotSidecars() throws IOException {
        var fifo = dir.resolve("backup-20261201-120001.json");
        Processes.check("mkfifo", fifo.toString());
        var link = Files.createSymbolicLink(dir.resolve("backup-20261201-120002.json"), Path.of("/dev/zero"));

        // A FIFO without a writer would block the reader for ever; /dev/zero never ends.
        assertThatThrownBy(() -> BackupSidecar.read(fifo)).hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> BackupSidecar.read(link)).hasMessageContaining("not a regular file");
    }

    @Test
    void theRebuildReadsTheGoodSidecarsAndSkipsEachHostileOneWithItsReason() throws IOException {
        good("backup-20261201-110000", List.of()).write(dir);
        Files.write(
                dir.resolve("backup-20261201-120000.json"),
                HostileSidecars.gigantic("backup-20261201-120000", 20L << 20));
        Files.write(
                dir.resolve("backup-20261201-120001.json"),
                HostileSidecars.deeplyNested("backup-20261201-120001", 500_000));
        Files.write(
                dir.resolve("backup-20261201-120002.json"),
                HostileSidecars.hugeNumber("backup-20261201-120002", 900_000));
        HostileSidecars.writeRepeated(dir.resolve("backup-20261201-120003.json"), (byte) '[', 64L << 20);
        Processes.check("mkfifo", dir.resolve("backup-20261201-120004.json").toString());

        // The catalog rebuild's reader, in a JVM whose heap is smaller than the largest file.
        var output = Processes.command(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx32m",
                        "-Xss256k",
                        "-cp",
                        System.getProperty("java.class.path"),
                        SidecarProbe.class.getName(),
                        dir.toString())
                .timeout(Duration.ofMinutes(2))
                .run()
                .output();

        assertThat(output).doesNotContain("failed:").doesNotContain("Error");
        assertThat(output.lines().filter(l -> l.startsWith("read: "))).containsExactly("read: backup-20261201-110000");
        assertThat(output)
                .contains("skipped: backup-20261201-120000.json: sidecar")
                .contains("larger than " + BackupSidecar.MAX_BYTES)
                .contains("skipped: backup-20261201-120001.json: unreadable sidecar")
                .contains("nested deeper than")
                .contains("skipped: backup-20261201-120002.json: unreadable sidecar")
                .contains("a number longer than")
                .contains("skipped: backup-20261201-120004.json: sidecar")
                .contains("not a regular file");
        assertThat(output.lines().filter(l -> l.startsWith("skipped: "))).hasSize(5);
    }

    @Test
    void aSidecarRecordsAtMostTwoHundredWarningsAndCountsTheRest() throws IOException {
        var many = new ArrayList<String>(List.of("lacks the Docker volume(s) db"));
        IntStream.range(0, 50_000).forEach(i -> many.add("volumes/app/f" + i + ": " + "x".repeat(2000)));

        var recorded = BackupSidecar.recordedWarnings(many);

        assertThat(recorded).hasSize(BackupSidecar.MAX_WARNINGS + 1);
        assertThat(recorded.get(0)).isEqualTo("lacks the Docker volume(s) db");
        assertThat(recorded.get(1)).hasSize(BackupSidecar.MAX_WARNING_CHARS + 1);
        assertThat(recorded.get(BackupSidecar.MAX_WARNINGS)).isEqualTo("and 49801 more warnings");
        var written = good("backup-20261201-110000", recorded).write(dir);
        assertThat(Files.size(written)).isLessThan(BackupSidecar.MAX_BYTES);
        assertThat(BackupSidecar.read(written).warnings()).isEqualTo(recorded);
    }

    @Test
    void aSidecarThatNoReaderWouldAcceptIsNeverWritten() {
        var huge = IntStream.range(0, 3000)
                .mapToObj(i -> "v" + i + "-" + "x".repeat(400))
                .toList();
        var sidecar = new BackupSidecar(
                "backup-20261201-110000",
                Instant.parse("2026-12-01T12:00:00Z"),
                null,
                "manual",
                null,
                Codec.GZIP,
                "backup-20261201-110000.tar.gz",
                10,
                "0".repeat(64),
                1,
                1,
                huge,
                List.of(),
                "completed",
                List.of(),
                null,
                null,
                null,
                null);

        assertThatThrownBy(() -> sidecar.write(dir)).hasMessageContaining("more than the " + BackupSidecar.MAX_BYTES);
        assertThat(dir.resolve("backup-20261201-110000.json")).doesNotExist();
    }
}
