package com.opscenter.archive;

import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.archive.format.Manifest;
import com.opscenter.archive.format.ManifestEntry;
import com.opscenter.archive.io.DurableFiles;
import com.opscenter.archive.io.WriteBehindOutputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ThreadFactory;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a backup's local index ({@link ArchiveFormat#indexPath}) beside its archive: private from its creation,
 * the header line and then one {@link Manifest#indexLine} per entry.
 *
 * <p>The header's version is known only at the end (a FIFO or a dump raises it), and the header comes first. So
 * the file is two gzip members, which every gzip reader reads as one stream: the header stored uncompressed,
 * whose length does not depend on the version's digit, then the entries at the fastest level. The header member
 * is written once as a placeholder and overwritten in place once the version is known.
 */
final class IndexWriter implements Closeable {

    /** Its buffers and compressor, generously. */
    static final long HEAP_BYTES = 2L << 20;

    private static final int COMPRESS_BUFFER_SIZE = 64 * 1024;

    private final FileChannel channel;
    private final String id;
    private final Instant created;
    private final int headerLength;
    private final Writer lines;

    /** The entries are compressed and written on a thread from {@code threads}, beside the archive's. */
    IndexWriter(Path tmp, String id, Instant created, ThreadFactory threads) throws IOException {
        this.id = id;
        this.created = created;
        this.channel = DurableFiles.createPrivate(tmp);
        try {
            byte[] placeholder = header(ArchiveFormat.MANIFEST_VERSION_WITHOUT_FIFOS);
            headerLength = placeholder.length;
            writeFully(placeholder, 0);
            channel.position(headerLength);
            // Closing the lines ends the gzip member but must leave the channel open for the header.
            OutputStream file = new FilterOutputStream(Channels.newOutputStream(channel)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
            OutputStream body = new GZIPOutputStream(file, COMPRESS_BUFFER_SIZE) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            };
            lines = new BufferedWriter(
                    new OutputStreamWriter(
                            new WriteBehindOutputStream(body, COMPRESS_BUFFER_SIZE, 4, threads),
                            StandardCharsets.UTF_8),
                    256 * 1024);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    void add(ManifestEntry entry) throws IOException {
        lines.write(Manifest.indexLine(entry));
        lines.write('\n');
    }

    /** Ends the entries, writes the header of {@code version} and forces the file to disk. */
    void finish(int version) throws IOException {
        lines.close();
        byte[] header = header(version);
        if (header.length != headerLength) {
            throw new IllegalStateException("index header changed length with its version");
        }
        writeFully(header, 0);
        channel.force(true);
        channel.close();
    }

    private byte[] header(int version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (OutputStream gz = new GZIPOutputStream(bytes) {
            {
                def.setLevel(Deflater.NO_COMPRESSION);
            }
        }) {
            gz.write((Manifest.headerLine(id, created, version) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private void writeFully(byte[] bytes, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }

    /** After {@link #finish}, nothing to do; before, the entries' writer thread ends with the file closed. */
    @Override
    public void close() throws IOException {
        channel.close();
        try {
            lines.close();
        } catch (IOException | RuntimeException e) {
            // the index is abandoned with its archive; the first error is the one to report
        }
    }
}
