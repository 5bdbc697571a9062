package com.opscenter.cloud.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * One part of a file, read with positional reads from a channel the parts share, so an upload holds no part in
 * memory: the part is read once to hash it and again, from the page cache, to send it. Reads are capped at
 * {@link MultipartUploader#READ_SLICE}: a read into a heap array goes through a temporary direct buffer of the
 * read's size, which the JDK then keeps for the thread.
 */
final class FileRegionInputStream extends InputStream {

    private final FileChannel channel;
    private final long end;
    private long position;
    private long marked;

    FileRegionInputStream(FileChannel channel, long offset, long length) {
        this.channel = channel;
        this.position = offset;
        this.end = offset + length;
        this.marked = offset;
    }

    /** Like the byte array a part used to be read into: the SDK may mark the body and read it again. */
    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public void mark(int readLimit) {
        marked = position;
    }

    @Override
    public void reset() {
        position = marked;
    }

    @Override
    public int read() throws IOException {
        var one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int off, int len) throws IOException {
        if (position >= end) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        var wanted = (int) Math.min(Math.min(len, MultipartUploader.READ_SLICE), end - position);
        var n = channel.read(ByteBuffer.wrap(bytes, off, wanted), position);
        if (n < 0) {
            throw new IOException("the file shrank while it was uploaded");
        }
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        var skipped = Math.max(0, Math.min(n, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - position);
    }

    /** Closing a part leaves the shared channel open: the upload closes it when every part is done. */
    @Override
    public void close() {
        position = end;
    }
}
