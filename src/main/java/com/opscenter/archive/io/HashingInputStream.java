package com.opscenter.archive.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes every byte read from the archive file, including what is skipped or left at the end. Closing does not
 * close the file: a decompressor must not close it before {@link #drain()} hashed the rest; the caller closes it.
 */
public final class HashingInputStream extends FilterInputStream {

    private static final int BUFFER_SIZE = 1 << 20;
    private final MessageDigest digest = Digests.sha256();

    public HashingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            digest.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping would bypass the digest, so skipped bytes are read.
        byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
        int read = read(buf, 0, buf.length);
        return Math.max(read, 0);
    }

    @Override
    public void close() {
        // see the class comment
    }

    /** Reads and hashes whatever is left. */
    public void drain() throws IOException {
        byte[] buf = new byte[BUFFER_SIZE];
        while (read(buf, 0, buf.length) >= 0) {
            // hashing happens in read
        }
    }

    /** The SHA-256 of everything read so far; call once. */
    public byte[] digest() {
        return digest.digest();
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
