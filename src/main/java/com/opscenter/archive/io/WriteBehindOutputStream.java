package com.opscenter.archive.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Hands what is written to a thread of its own, which writes it to {@code sink}: so the sink's work (encryption)
 * runs beside the caller's (tar, hashing, compression) instead of after it. At most {@code depth} buffers of
 * {@code bufferSize} bytes wait, so memory stays bounded. A failure of the sink is thrown by the next write or
 * by {@link #close}, which waits for everything to be written and then closes the sink.
 */
public final class WriteBehindOutputStream extends OutputStream {

    private static final byte[] END = new byte[0];

    private final OutputStream sink;
    private final BlockingQueue<byte[]> queue;
    /** Buffers the sink is done with, reused so that what is in flight is not garbage the collector promotes. */
    private final BlockingQueue<byte[]> free;

    private final Thread thread;
    private final int bufferSize;
    private byte[] buffer;
    private int count;
    private volatile Throwable failure;
    private boolean closed;

    public WriteBehindOutputStream(OutputStream sink, int bufferSize, int depth, ThreadFactory threads) {
        this.sink = sink;
        this.bufferSize = bufferSize;
        this.buffer = new byte[bufferSize];
        this.queue = new ArrayBlockingQueue<>(depth);
        this.free = new ArrayBlockingQueue<>(depth + 1);
        this.thread = threads.newThread(this::drain);
        if (thread == null) {
            throw new IllegalStateException("no thread for the archive writer");
        }
        thread.start();
    }

    private void drain() {
        try {
            for (byte[] chunk; (chunk = queue.take()) != END; ) {
                sink.write(chunk);
                if (chunk.length == bufferSize) {
                    free.offer(chunk);
                }
            }
        } catch (Throwable t) {
            failure = t;
            // Free a producer waiting for room: it sees the failure next.
            queue.clear();
        }
    }

    @Override
    public void write(int b) throws IOException {
        if (count == buffer.length) {
            pass();
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (count == buffer.length) {
                pass();
            }
            int n = Math.min(len, buffer.length - count);
            System.arraycopy(b, off, buffer, count, n);
            count += n;
            off += n;
            len -= n;
        }
    }

    /** Queues what is buffered; it is written soon, not before this returns. */
    @Override
    public void flush() throws IOException {
        if (count > 0) {
            pass();
        }
    }

    private void pass() throws IOException {
        if (count == buffer.length) {
            enqueue(buffer);
            byte[] reused = free.poll();
            buffer = reused != null ? reused : new byte[bufferSize];
        } else {
            // A flush hands over a copy and keeps the buffer.
            enqueue(Arrays.copyOf(buffer, count));
        }
        count = 0;
    }

    private void enqueue(byte[] chunk) throws IOException {
        try {
            while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                rethrow();
                if (!thread.isAlive()) {
                    throw new IOException("the archive writer thread ended");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the archive");
        }
        rethrow();
    }

    private void rethrow() throws IOException {
        Throwable t = failure;
        if (t instanceof IOException e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (failure == null) {
                flush();
                enqueue(END);
            }
            thread.join();
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while finishing the archive");
        } catch (IOException | RuntimeException e) {
            // Stop the writer: it may be waiting for more that will never come.
            thread.interrupt();
            throw e;
        }
        rethrow();
        sink.close();
    }
}
