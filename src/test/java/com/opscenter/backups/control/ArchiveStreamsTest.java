package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveStreamsTest {

    @TempDir
    Path tmp;

    private Path archiveOf(int size) throws IOException {
        var bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return Files.write(tmp.resolve("backup.tar.gz"), bytes);
    }

    @Test
    void sendsTheRequestedRange() throws IOException {
        var archive = archiveOf(100_000);
        var out = new ByteArrayOutputStream();

        try (var file = FileChannel.open(archive)) {
            ArchiveStreams.send(file, 1_000, 50_000, Channels.newChannel(out));
        }

        var expected = new byte[50_000];
        System.arraycopy(Files.readAllBytes(archive), 1_000, expected, 0, 50_000);
        assertThat(out.toByteArray()).isEqualTo(expected);
    }

    @Test
    void aFileTruncatedWhileItIsSentEndsTheDownloadWithAnError() throws IOException {
        var archive = archiveOf(1_000_000);
        var out = new ByteArrayOutputStream();
        // The client's side: after the first bytes arrive, the archive is cut short on disk (as a concurrent
        // rewrite or a full disk would), through a handle of its own.
        WritableByteChannel client = new WritableByteChannel() {
            private boolean truncated;

            @Override
            public int write(ByteBuffer source) throws IOException {
                var n = source.remaining();
                var chunk = new byte[n];
                source.get(chunk);
                out.write(chunk);
                if (!truncated) {
                    truncated = true;
                    try (var shrink = new RandomAccessFile(archive.toFile(), "rw")) {
                        shrink.setLength(out.size());
                    }
                }
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {}
        };

        try (var file = FileChannel.open(archive)) {
            assertThatThrownBy(() -> ArchiveStreams.send(file, 0, 1_000_000, client))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("changed on disk");
        }
        assertThat(out.size()).isLessThan(1_000_000);
    }
}
