package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Processes;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CodecTest {

    @TempDir
    Path tmp;

    /** Several 512 KiB blocks, mixing text that refers back across block borders with incompressible bytes. */
    private static byte[] sample() {
        byte[] data = new byte[3_300_000];
        Random r = new Random(1);
        for (int i = 0; i < data.length; i++) {
            data[i] = i % 200_000 < 100_000 ? (byte) ("lorem ipsum dolor ".charAt(i % 18)) : (byte) r.nextInt();
        }
        return data;
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void compressedStreamDecompressesToTheSameBytesAndIsDetected(Codec codec) throws Exception {
        byte[] data = sample();
        Path file = tmp.resolve("x" + codec.extension());
        try (OutputStream out = codec.compress(Files.newOutputStream(file), codec.defaultLevel(), Thread::new)) {
            out.write(data, 0, 1000);
            out.write(data, 1000, data.length - 1000);
        }
        try (InputStream in = codec.decompress(Files.newInputStream(file))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(Codec.detect(file)).isEqualTo(codec);
    }

    /** Around the 512 KiB block size: empty, one byte, a whole block, one byte over, several blocks. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 524_288, 524_289, 1_048_576, 1_600_001})
    void parallelGzipIsOneMemberWithItsCrcAndSizeAtEveryBlockBorder(int size) throws Exception {
        byte[] data = java.util.Arrays.copyOf(sample(), size);
        Path file = tmp.resolve("edge.gz");
        try (OutputStream out = Codec.GZIP.compress(Files.newOutputStream(file), 6, Thread::new)) {
            out.write(data);
        }
        byte[] gz = Files.readAllBytes(file);
        // One deflate stream after the 10-byte header, then exactly the 8-byte trailer: one member, not several.
        var inflater = new java.util.zip.Inflater(true);
        inflater.setInput(gz, 10, gz.length - 10);
        byte[] plain = new byte[size + 1];
        int n = 0;
        while (!inflater.finished()) {
            n += inflater.inflate(plain, n, plain.length - n);
        }
        assertThat(java.util.Arrays.copyOf(plain, n)).isEqualTo(data);
        assertThat(inflater.getRemaining()).isEqualTo(8);
        var crc = new java.util.zip.CRC32();
        crc.update(data);
        var trailer = java.nio.ByteBuffer.wrap(gz, gz.length - 8, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(trailer.getInt() & 0xffffffffL).isEqualTo(crc.getValue());
        assertThat(trailer.getInt()).isEqualTo(size);
        Processes.check("gzip", "-t", file.toString());
        Processes.check("pigz", "-t", file.toString());
        Processes.check(
                "sh",
                "-c",
                "pigz -dc \"$1\" | cmp - \"$2\"",
                "sh",
                file.toString(),
                write(data).toString());
    }

    private Path write(byte[] data) throws java.io.IOException {
        return Files.write(tmp.resolve("plain"), data);
    }

    @Test
    void parallelGzipIsOneValidMemberForGnuGzip() throws Exception {
        byte[] data = sample();
        Path file = tmp.resolve("x.gz");
        try (OutputStream out = Codec.GZIP.compress(Files.newOutputStream(file), 6, Thread::new)) {
            out.write(data);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        Processes.check("gzip", "-t", file.toString());
        // The back-references across blocks (dictionary priming) keep the repeated text small.
        assertThat(Files.size(file)).isLessThan(data.length / 2);
    }

    @Test
    void codecsAreNamedAsInTheConfiguration() {
        assertThat(Codec.fromName("ZSTD")).isEqualTo(Codec.ZSTD);
        assertThat(Codec.DEFAULT).isEqualTo(Codec.GZIP);
        assertThat(Codec.GZIP.mediaType()).isEqualTo("application/gzip");
        assertThat(Codec.NONE.extension()).isEqualTo(".tar");
    }

    @Test
    void anXzLevelWhoseCompressorWouldNotFitHalfTheHeapIsRefusedNamingTheHighestThatFits() {
        long heap = 256L << 20; // the heap liberty/jvm.options ships

        org.assertj.core.api.Assertions.assertThat(Codec.XZ.heapProblem(9, heap))
                .hasValueSatisfying(problem -> org.assertj.core.api.Assertions.assertThat(problem)
                        .contains("compression_level 9 of xz needs 672 MiB")
                        .contains("256 MiB heap")
                        .contains("use level 6 or lower"));
        org.assertj.core.api.Assertions.assertThat(Codec.XZ.heapProblem(6, heap))
                .as("xz's default level fits")
                .isEmpty();
        org.assertj.core.api.Assertions.assertThat(Codec.XZ.heapProblem(9, 2L << 30))
                .isEmpty();
        org.assertj.core.api.Assertions.assertThat(Codec.ZSTD.heapProblem(19, heap))
                .as("zstd compresses in native memory")
                .isEmpty();
    }
}
