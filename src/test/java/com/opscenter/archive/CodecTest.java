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
