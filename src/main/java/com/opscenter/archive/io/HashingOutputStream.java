package com.opscenter.archive.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Counts and hashes the compressed bytes on their way to the file. Closing only flushes, because the
 * compressor's close must not close the channel that still has to be forced to disk.
 */
public final class HashingOutputStream extends FilterOutputStream {

    private final MessageDigest digest = Digests.sha256();
    private long count;

    public HashingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        digest.update(b, off, len);
        count += len;
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }

    /** Bytes written so far. */
    public long count() {
        return count;
    }

    /** The SHA-256 of everything written; call once. */
    public byte[] digest() {
        return digest.digest();
    }
}
