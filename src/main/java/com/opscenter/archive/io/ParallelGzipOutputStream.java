package com.opscenter.archive.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A single-member gzip stream compressed on several threads, the way pigz does it: the input is cut into
 * blocks, each block is raw-deflated on its own (primed with the previous 32 KiB as dictionary) and ends with a
 * sync flush, so the concatenated blocks form one ordinary deflate stream that gzip, tar and
 * {@link java.util.zip.GZIPInputStream} read. The CRC is computed on the caller's thread. Memory stays bounded:
 * at most {@code 2 * workers + 1} blocks are in flight. The workers come from the caller's thread factory.
 */
public final class ParallelGzipOutputStream extends OutputStream {

    private static final int BLOCK_SIZE = 512 * 1024;
    private static final int DICTIONARY_SIZE = 32 * 1024;

    private final OutputStream out;
    private final ExecutorService pool;
    private final BlockingQueue<Deflater> deflaters;
    private final Deque<Future<byte[]>> pending = new ArrayDeque<>();
    private final int maxPending;
    private final CRC32 crc = new CRC32();
    private byte[] block = new byte[BLOCK_SIZE];
    private int blockLength;
    private byte[] dictionary;
    private long totalIn;
    private boolean closed;

    public ParallelGzipOutputStream(OutputStream out, int level, int workers, ThreadFactory threads)
            throws IOException {
        this.out = out;
        this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        this.deflaters = new ArrayBlockingQueue<>(workers);
        for (int i = 0; i < workers; i++) {
            deflaters.add(new Deflater(level, true));
        }
        this.maxPending = 2 * workers + 1;
        // Header: magic, deflate, no flags, no mtime, no extra flags, OS = Unix.
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3});
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        crc.update(b, off, len);
        totalIn += len;
        while (len > 0) {
            int n = Math.min(len, BLOCK_SIZE - blockLength);
            System.arraycopy(b, off, block, blockLength, n);
            blockLength += n;
            off += n;
            len -= n;
            if (blockLength == BLOCK_SIZE) {
                submit(false);
            }
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] input = block;
        int length = blockLength;
        byte[] dict = dictionary;
        pending.add(pool.submit(() -> deflate(input, length, dict, last)));
        if (length >= DICTIONARY_SIZE) {
            dictionary = Arrays.copyOfRange(input, length - DICTIONARY_SIZE, length);
        }
        block = new byte[BLOCK_SIZE];
        blockLength = 0;
        while (pending.size() >= maxPending) {
            writeOldest();
        }
    }

    private byte[] deflate(byte[] input, int length, byte[] dict, boolean last) throws InterruptedException {
        Deflater deflater = deflaters.take();
        try {
            deflater.reset();
            if (dict != null) {
                deflater.setDictionary(dict);
            }
            deflater.setInput(input, 0, length);
            if (last) {
                deflater.finish();
            }
            byte[] buf = new byte[length + length / 8 + 1024];
            int size = 0;
            while (true) {
                if (size == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                int n = last
                        ? deflater.deflate(buf, size, buf.length - size)
                        : deflater.deflate(buf, size, buf.length - size, Deflater.SYNC_FLUSH);
                size += n;
                boolean done = last ? deflater.finished() : size < buf.length && deflater.needsInput();
                if (done) {
                    return Arrays.copyOf(buf, size);
                }
            }
        } finally {
            deflaters.add(deflater);
        }
    }

    private void writeOldest() throws IOException {
        Future<byte[]> oldest = pending.removeFirst();
        try {
            out.write(oldest.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            throw new IOException("gzip compression failed", e.getCause());
        }
    }

    @Override
    public void flush() throws IOException {
        // Deliberately no block cut: flushing mid-block would only worsen compression.
        ensureOpen();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            submit(true);
            while (!pending.isEmpty()) {
                writeOldest();
            }
            byte[] trailer = new byte[8];
            putIntLE(trailer, 0, (int) crc.getValue());
            putIntLE(trailer, 4, (int) totalIn);
            out.write(trailer);
            out.close();
        } finally {
            release();
        }
    }

    /** Stops the workers without finishing the stream, for failures; the output is then unusable. */
    private void release() {
        pending.forEach(f -> f.cancel(true));
        pending.clear();
        pool.shutdownNow();
        deflaters.forEach(Deflater::end);
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }

    private static void putIntLE(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
