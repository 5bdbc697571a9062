package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Processes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small archives that ask for huge amounts of memory: a dictionary, a window, a name. Each must be refused by
 * contents, verify and restore alike, with a message saying what was asked, in a JVM with a 64 MiB heap.
 */
class HostileSizesTest {

    private static final long HUGE_NAME = 256L << 20;

    @TempDir
    Path tmp;

    @Test
    void xzAskingForAHugeDictionaryIsRefused() throws IOException {
        Path archive = tmp.resolve("dict.tar.xz");
        Files.write(archive, HostileArchives.xzWithDictionaryProperty(36));
        assertThat(Files.size(archive)).isLessThan(4096);
        assertEveryReaderRefuses(archive, "dictionary");
    }

    @Test
    void zstdFrameAskingForAHugeWindowIsRefused() throws IOException {
        Path archive = tmp.resolve("window.tar.zst");
        // A 128 MiB window: within zstd's own default limit, far above what any archive of ours uses.
        Files.write(archive, HostileArchives.zstdFrameWithWindowLog(27));
        assertEveryReaderRefuses(archive, "window");
    }

    @Test
    void gnuLongNameOfHundredsOfMegabytesIsRefused() throws IOException {
        Path archive = tmp.resolve("longname.tar.zst");
        Files.write(archive, HostileArchives.zstdTarWithGnuLongName(HUGE_NAME));
        assertThat(Files.size(archive)).isLessThan(64 * 1024);
        assertEveryReaderRefuses(archive, "header");
    }

    @Test
    void paxPathOfHundredsOfMegabytesIsRefused() throws IOException {
        Path archive = tmp.resolve("paxname.tar.zst");
        long valueLength = HUGE_NAME;
        String prefix = " path=";
        long recordLength = prefix.length() + valueLength + 1;
        recordLength += Long.toString(recordLength + Long.toString(recordLength).length())
                .length();
        try (OutputStream out = Codec.ZSTD.compress(Files.newOutputStream(archive), 1, Thread::new)) {
            TarArchiveEntry header = new TarArchiveEntry("PaxHeaders/x", TarConstants.LF_PAX_EXTENDED_HEADER_LC);
            header.setSize(recordLength);
            HostileArchives.writeRawHeader(out, header);
            out.write((recordLength + prefix).getBytes(StandardCharsets.US_ASCII));
            HostileArchives.writeRepeated(out, (byte) 'a', valueLength);
            out.write('\n');
            out.write(new byte[(int) ((512 - recordLength % 512) % 512) + 1024]);
        }
        assertThat(Files.size(archive)).isLessThan(64 * 1024);
        assertEveryReaderRefuses(archive, "header");
    }

    /** Contents, verify and restore in a 64 MiB JVM: each refuses, with {@code word} in its message. */
    private void assertEveryReaderRefuses(Path archive, String word) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String output = Processes.command(
                        java,
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        HostileArchiveProbe.class.getName(),
                        archive.toString(),
                        tmp.resolve("work").toString())
                .timeout(Duration.ofMinutes(2))
                .run()
                .output();
        assertThat(output).doesNotContain("OutOfMemoryError");
        assertThat(lineStarting(output, "contents: ")).contains("refused").contains(word);
        assertThat(lineStarting(output, "verify: ")).contains("refused").contains(word);
        assertThat(lineStarting(output, "restore: "))
                .contains("RestoreRejectedException")
                .contains(word);
        assertThat(tmp.resolve("work/dest")).doesNotExist();
    }

    private static String lineStarting(String output, String start) {
        return output.lines()
                .filter(l -> l.startsWith(start))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no '" + start + "' line in:\n" + output));
    }
}
