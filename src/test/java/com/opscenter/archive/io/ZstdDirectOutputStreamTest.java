package com.opscenter.archive.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZstdDirectOutputStreamTest {

    /** A sink that refuses writes while {@code refusing}, and remembers what it took and whether it was closed. */
    static final class Sink extends OutputStream {
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        boolean refusing;
        boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (refusing) {
                throw new IOException("disk full");
            }
            taken.write(b, off, len);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static byte[] data(int size) {
        var bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        // Half random, half repeated, so zstd has both kinds of block to write.
        System.arraycopy(bytes, 0, bytes, size / 2, size / 2);
        return bytes;
    }

    @Test
    void whatItWritesDecompressesToTheInput() throws IOException {
        var input = data(3 << 20);
        var sink = new Sink();
        try (var zstd = new ZstdDirectOutputStream(sink, 3, 2)) {
            zstd.write(input, 0, 1000);
            zstd.write(input, 1000, input.length - 1000);
        }
        assertThat(sink.closed).isTrue();
        try (var back = new ZstdInputStream(new ByteArrayInputStream(sink.taken.toByteArray()))) {
            assertThat(back.readAllBytes()).isEqualTo(input);
        }
    }

    @Test
    void afterAFailedWriteCloseOnlyClosesTheSinkInsteadOfFinishingTheFrame() throws IOException {
        var sink = new Sink();
        var zstd = new ZstdDirectOutputStream(sink, 3, 0);
        sink.refusing = true;
        assertThatThrownBy(() -> zstd.write(data(4 << 20))).isInstanceOf(IOException.class);
        // The sink would take bytes again: finishing the frame would re-feed input zstd had already consumed.
        sink.refusing = false;
        zstd.close();
        assertThat(sink.taken.size()).isZero();
        assertThat(sink.closed).isTrue();
    }
}
