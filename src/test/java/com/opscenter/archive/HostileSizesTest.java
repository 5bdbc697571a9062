package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Processes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.CRC32;
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
        Files.write(archive, xzWithDictionaryProperty(36));
        assertThat(Files.size(archive)).isLessThan(4096);
        assertEveryReaderRefuses(archive, "dictionary");
    }

    @Test
    void zstdFrameAskingForAHugeWindowIsRefused() throws IOException {
        Path archive = tmp.resolve("window.tar.zst");
        // A 128 MiB window: within zstd's own default limit, far above what any archive of ours uses.
        Files.write(archive, zstdFrameWithWindowLog(27));
        assertEveryReaderRefuses(archive, "window");
    }

    @Test
    void gnuLongNameOfHundredsOfMegabytesIsRefused() throws IOException {
        Path archive = tmp.resolve("longname.tar.zst");
        try (OutputStream out = Codec.ZSTD.compress(Files.newOutputStream(archive), 1, Thread::new)) {
            TarArchiveEntry header = new TarArchiveEntry(TarConstants.GNU_LONGLINK, TarConstants.LF_GNUTYPE_LONGNAME);
            header.setSize(HUGE_NAME);
            writeRawHeader(out, header);
            writeRepeated(out, (byte) 'a', HUGE_NAME);
            out.write(new byte[1024]);
        }
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
            writeRawHeader(out, header);
            out.write((recordLength + prefix).getBytes(StandardCharsets.US_ASCII));
            writeRepeated(out, (byte) 'a', valueLength);
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

    private static void writeRawHeader(OutputStream out, TarArchiveEntry entry) {
        byte[] block = new byte[512];
        entry.writeEntryHeader(block);
        try {
            out.write(block);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeRepeated(OutputStream out, byte b, long count) throws IOException {
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, b);
        for (long done = 0; done < count; done += chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, count - done));
        }
    }

    /** An xz stream whose one block declares an LZMA2 dictionary by its property byte (36: 1 GiB). */
    static byte[] xzWithDictionaryProperty(int property) {
        byte[] flags = {0, 0}; // check type: none
        byte[] blockHeader = {2, 0, 0x21, 1, (byte) property, 0, 0, 0}; // size (2+1)*4 = 12 with its CRC32
        byte[] out = new byte[12 + 12 + 64];
        byte[] magic = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};
        System.arraycopy(magic, 0, out, 0, 6);
        System.arraycopy(flags, 0, out, 6, 2);
        putCrc(out, 8, flags, 0, 2);
        System.arraycopy(blockHeader, 0, out, 12, 8);
        putCrc(out, 20, blockHeader, 0, 8);
        // Then what would be compressed data: never reached.
        Arrays.fill(out, 24, out.length, (byte) 0x01);
        return out;
    }

    /** A zstd frame declaring a window of 2^{@code windowLog} bytes, holding one empty raw block. */
    static byte[] zstdFrameWithWindowLog(int windowLog) {
        return new byte[] {
            0x28,
            (byte) 0xb5,
            0x2f,
            (byte) 0xfd, // magic
            0x00, // frame header descriptor: window descriptor present, no checksum, no content size
            (byte) ((windowLog - 10) << 3), // window descriptor: exponent, no mantissa
            0x01,
            0x00,
            0x00 // last block, raw, size 0
        };
    }

    private static void putCrc(byte[] out, int at, byte[] data, int off, int len) {
        CRC32 crc = new CRC32();
        crc.update(data, off, len);
        long v = crc.getValue();
        for (int i = 0; i < 4; i++) {
            out[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
