package com.opscenter.archive.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
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
    /** Room for a block that does not compress: stored blocks add a few bytes per 16 KiB. */
    private static final int OUTPUT_SIZE = BLOCK_SIZE + BLOCK_SIZE / 8 + 1024;

    private final OutputStream out;
    private final ExecutorService pool;
    private final BlockingQueue<Deflater> deflaters;
    private final Deque<Future<ByteBuffer>> pending = new ArrayDeque<>();
    /**
     * Blocks and outputs are direct buffers, reused. Deflating the JVM's own arrays would hold the collector off
     * (a critical region) for the whole block on every worker, so allocations would go straight to the old
     * generation and a backup would pay for full collections; and per-block garbage would outlive young ones.
     */
    private final Queue<ByteBuffer> freeBlocks = new ConcurrentLinkedQueue<>();

    private final Queue<ByteBuffer> freeOutputs = new ConcurrentLinkedQueue<>();
    /** Where a deflated block is copied to be written on; the caller's thread only. */
    private final byte[] copy = new byte[OUTPUT_SIZE];

    private final int maxPending;
    private final CRC32 crc = new CRC32();
    private ByteBuffer block = ByteBuffer.allocateDirect(BLOCK_SIZE);
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
            int n = Math.min(len, block.remaining());
            block.put(b, off, n);
            off += n;
            len -= n;
            if (!block.hasRemaining()) {
                submit(false);
            }
        }
    }

    private void submit(boolean last) throws IOException {
        ByteBuffer input = block.flip();
        int length = input.limit();
        byte[] dict = dictionary;
        if (length >= DICTIONARY_SIZE) {
            // A fresh array: the previous dictionary may still be in use by the worker deflating the block before.
            dictionary = new byte[DICTIONARY_SIZE];
            input.get(length - DICTIONARY_SIZE, dictionary);
        }
        pending.add(pool.submit(() -> deflate(input, dict, last)));
        ByteBuffer free = freeBlocks.poll();
        block = free != null ? free.clear() : ByteBuffer.allocateDirect(BLOCK_SIZE);
        while (pending.size() >= maxPending) {
            writeOldest();
        }
    }

    /** The block deflated, ready to be read from its start. */
    private ByteBuffer deflate(ByteBuffer input, byte[] dict, boolean last) throws InterruptedException {
        Deflater deflater = deflaters.take();
        try {
            deflater.reset();
            if (dict != null) {
                deflater.setDictionary(dict);
            }
            deflater.setInput(input);
            if (last) {
                deflater.finish();
            }
            ByteBuffer free = freeOutputs.poll();
            ByteBuffer buf = free != null ? free.clear() : ByteBuffer.allocateDirect(OUTPUT_SIZE);
            while (true) {
                if (!buf.hasRemaining()) {
                    // Never for what deflate makes of a block (OUTPUT_SIZE has room); kept for safety.
                    ByteBuffer larger = ByteBuffer.allocateDirect(buf.capacity() * 2);
                    buf = larger.put(buf.flip());
                }
                if (last) {
                    deflater.deflate(buf);
                } else {
                    deflater.deflate(buf, Deflater.SYNC_FLUSH);
                }
                boolean done = last ? deflater.finished() : buf.hasRemaining() && deflater.needsInput();
                if (done) {
                    freeBlocks.add(input);
                    return buf.flip();
                }
            }
        } finally {
            deflaters.add(deflater);
        }
    }

    private void writeOldest() throws IOException {
        Future<ByteBuffer> oldest = pending.removeFirst();
        try {
            ByteBuffer deflated = oldest.get();
            while (deflated.hasRemaining()) {
                int n = Math.min(copy.length, deflated.remaining());
                deflated.get(copy, 0, n);
                out.write(copy, 0, n);
            }
            if (deflated.capacity() == OUTPUT_SIZE) {
                freeOutputs.add(deflated);
            }
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
