package com.opscenter.archive.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WriteBehindOutputStreamTest {

    @Test
    void everythingWrittenReachesTheSinkInOrderAndCloseClosesIt() throws IOException {
        byte[] data = new byte[3_000_001];
        new Random(3).nextBytes(data);
        var sink = new ByteArrayOutputStream() {
            boolean closed;

            @Override
            public void close() {
                closed = true;
            }
        };
        try (var out = new WriteBehindOutputStream(sink, 1000, 2, Thread::new)) {
            out.write(data, 0, 10);
            out.write(data[10]);
            out.flush();
            out.write(data, 11, data.length - 11);
        }
        assertThat(sink.toByteArray()).isEqualTo(data);
        assertThat(sink.closed).isTrue();
    }

    /** A sink that fails (as a full disk would; a fake, because the test cannot fill the disk). */
    @Test
    void aFailingSinkFailsTheWriterAndClose() {
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        var out = new WriteBehindOutputStream(failing, 100, 1, Thread::new);
        assertThatThrownBy(() -> {
                    for (int i = 0; i < 1_000_000; i++) {
                        out.write(new byte[100]);
                    }
                })
                .isInstanceOf(IOException.class)
                .hasMessageContaining("No space left");
        assertThatThrownBy(out::close).hasMessageContaining("No space left");
    }
}
