package com.opscenter.archive;

import com.opscenter.archive.crypt.ArchiveKeys;
import com.opscenter.archive.crypt.OpenPgp;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The one way the engine reads an archive (contents, verify, restore): decompression with bounded memory
 * ({@link Codec#decompress}) and tar headers of bounded size. The tar reader keeps a GNU long name or PAX
 * records in memory whole, so the bytes it may read for one entry's headers are capped before it reads them.
 */
final class ArchiveInput implements Closeable {

    /** Headers of one entry (long name, long link, PAX records) together; ours stay far below. */
    static final int MAX_HEADER_BYTES = 1 << 20;

    private final HeaderGuard guard;
    private final TarArchiveInputStream tar;
    private final byte[] skipBuffer = new byte[64 * 1024];

    private ArchiveInput(InputStream decompressed) {
        this.guard = new HeaderGuard(decompressed);
        this.tar = new TarArchiveInputStream(guard, StandardCharsets.UTF_8.name());
    }

    /**
     * Reads {@code raw}, the archive's bytes as stored: an OpenPGP message is decrypted with {@code keys} first
     * ({@link com.opscenter.archive.crypt.ArchiveKeyException} when none opens it); the codec is recognised from
     * the first bytes of the (decrypted) stream.
     */
    static ArchiveInput of(InputStream raw, ArchiveKeys keys) throws IOException {
        return new ArchiveInput(plaintext(raw, keys));
    }

    /** Opens the archive file; decryption and decompression run ahead on a thread from {@code threads}. */
    static ArchiveInput open(Path archive, ThreadFactory threads, ArchiveKeys keys) throws IOException {
        InputStream in = Files.newInputStream(archive);
        try {
            return new ArchiveInput(new com.opscenter.archive.io.ReadAheadInputStream(
                    plaintext(in, keys), Archiver.BUFFER_SIZE, 4, threads));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Whether the file is an encrypted archive (an OpenPGP message), by its first bytes. */
    static boolean isEncrypted(Path archive) throws IOException {
        byte[] head = new byte[16];
        int n;
        try (InputStream in = Files.newInputStream(archive)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return OpenPgp.looksEncrypted(head, n);
    }

    /** The tar's compressed bytes decompressed, decrypted first when they are an OpenPGP message. */
    private static InputStream plaintext(InputStream raw, ArchiveKeys keys) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
        byte[] head = peek(in, 16);
        if (OpenPgp.looksEncrypted(head, head.length)) {
            BufferedInputStream file = in;
            // Closing the decrypted stream closes what it reads, as a decompressor closes its input.
            in = new BufferedInputStream(
                    new FilterInputStream(keys.decrypt(file)) {
                        @Override
                        public void close() throws IOException {
                            file.close();
                        }
                    },
                    64 * 1024);
            head = peek(in, Codec.HEAD_BYTES);
        }
        return Codec.detect(head, head.length).decompress(in);
    }

    private static byte[] peek(BufferedInputStream in, int bytes) throws IOException {
        in.mark(bytes);
        byte[] head = in.readNBytes(bytes);
        in.reset();
        return head;
    }

    /** The tar stream, to read the current entry's content. */
    TarArchiveInputStream tar() {
        return tar;
    }

    /** The next entry, after the rest of the current one was skipped; null at the end. */
    TarArchiveEntry next() throws IOException {
        if (tar.getCurrentEntry() != null) {
            // Skipped here, unguarded, so that only the next entry's own headers count against the cap.
            while (tar.read(skipBuffer) >= 0) {
                // discard
            }
        }
        guard.arm();
        try {
            return tar.getNextEntry();
        } finally {
            guard.disarm();
        }
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    /** Counts what the tar reader takes while reading headers, and stops it past the cap. */
    private static final class HeaderGuard extends FilterInputStream {
        private boolean armed;
        private long read;

        HeaderGuard(InputStream in) {
            super(in);
        }

        void arm() {
            armed = true;
            read = 0;
        }

        void disarm() {
            armed = false;
        }

        @Override
        public int read() throws IOException {
            count(1);
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, armed ? (int) Math.min(len, MAX_HEADER_BYTES + 1L - read) : len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            count(n);
            return super.skip(n);
        }

        private void count(long n) throws ArchiveLimitException {
            if (!armed) {
                return;
            }
            read += n;
            if (read > MAX_HEADER_BYTES) {
                throw new ArchiveLimitException(
                        "an entry header (long name or PAX records) is larger than " + MAX_HEADER_BYTES + " bytes",
                        null);
            }
        }
    }
}
