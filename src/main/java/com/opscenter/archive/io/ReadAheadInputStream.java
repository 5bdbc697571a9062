package com.opscenter.archive.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads {@code source} (typically a decompressor) on its own thread into a bounded queue of chunks, so that
 * decompression overlaps whatever the caller does with the bytes. Memory is bounded: at most
 * {@code depth + 2} chunks of {@code chunkSize} bytes. An error of the source is thrown by the read that
 * reaches its position. Closing stops the thread before the source is closed, so the source is never used by two
 * threads at once.
 */
public final class ReadAheadInputStream extends InputStream {

    private static final byte[] EOF = new byte[0];

    private final InputStream source;
    private final BlockingQueue<Object> queue;
    /** Chunks the caller is done with, reused: in flight, they would outlive young collections as garbage. */
    private final BlockingQueue<byte[]> free;

    private final Thread thread;
    private volatile boolean closed;
    private byte[] current = new byte[0];
    private int pos;
    private int limit;
    private boolean eof;

    /** The reading thread comes from {@code threads}. */
    public ReadAheadInputStream(InputStream source, int chunkSize, int depth, ThreadFactory threads) {
        this.source = source;
        this.queue = new ArrayBlockingQueue<>(depth);
        this.free = new ArrayBlockingQueue<>(depth + 2);
        this.thread = threads.newThread(() -> pump(chunkSize));
        thread.start();
    }

    private void pump(int chunkSize) {
        try {
            while (!closed) {
                byte[] reused = free.poll();
                byte[] buf = reused != null
                        ? reused
                        : chunkSize == HeapBuffers.SIZE ? HeapBuffers.take() : new byte[chunkSize];
                int n = 0;
                try {
                    for (int r; n < chunkSize && (r = source.read(buf, n, chunkSize - n)) >= 0; ) {
                        n += r;
                    }
                } catch (Throwable t) {
                    // The bytes before the error come first, so it surfaces exactly where it happened.
                    if (n > 0) {
                        put(new Chunk(buf, n));
                    }
                    throw t;
                }
                if (n > 0) {
                    put(new Chunk(buf, n));
                }
                if (n < chunkSize) {
                    put(EOF);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed
        } catch (Throwable t) {
            try {
                put(t);
            } catch (InterruptedException ignored) {
                // closed
            }
        }
    }

    private void put(Object o) throws InterruptedException {
        while (!closed) {
            if (queue.offer(o, 100, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
        throw new InterruptedException();
    }

    private record Chunk(byte[] data, int length) {}

    /**
     * Once the reading thread has ended: the chunks waiting in the queue or for reuse go back to {@link HeapBuffers}.
     * The one being read from stays out, in case a read on another thread still copies from it.
     */
    private void recycleChunks() {
        drainQueue(HeapBuffers::give);
        for (byte[] b; (b = free.poll()) != null; ) {
            HeapBuffers.give(b);
        }
    }

    /** Empties the queue, handing each chunk's array to {@code to}. */
    private void drainQueue(Consumer<byte[]> to) {
        for (Object o; (o = queue.poll()) != null; ) {
            if (o instanceof Chunk c) {
                to.accept(c.data());
            }
        }
    }

    private boolean fill() throws IOException {
        if (pos < limit) {
            return true;
        }
        if (eof) {
            return false;
        }
        if (closed) {
            throw new IOException("stream closed");
        }
        Object o;
        try {
            o = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the archive");
        }
        if (o == EOF) {
            eof = true;
            return false;
        }
        if (o instanceof Chunk c) {
            if (current.length > 0) {
                free.offer(current);
            }
            current = c.data();
            pos = 0;
            limit = c.length();
            return true;
        }
        eof = true;
        if (o instanceof IOException e) {
            throw e;
        }
        if (o instanceof RuntimeException e) {
            throw e;
        }
        throw (Error) o;
    }

    @Override
    public int read() throws IOException {
        return fill() ? current[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int total = 0;
        while (total < len && (total == 0 || pos < limit || queue.peek() instanceof Chunk) && fill()) {
            int n = Math.min(len - total, limit - pos);
            System.arraycopy(current, pos, b, off + total, n);
            pos += n;
            total += n;
        }
        return total == 0 ? -1 : total;
    }

    @Override
    public int available() {
        return limit - pos;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        // Emptied now, so that a reading thread waiting for room sees the close; its chunks are kept for reuse.
        drainQueue(free::offer);
        thread.interrupt();
        boolean interrupted = Thread.interrupted();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        try {
            if (!thread.isAlive()) {
                source.close();
                recycleChunks();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
