package com.opscenter.archive.io;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A zstd stream (one frame, with checksum) compressed through direct buffers. zstd-jni's {@code ZstdOutputStream}
 * hands the JVM's own arrays to native code as critical regions; with several zstd workers a call can wait inside
 * one for a worker, and while it does the JVM may not collect: allocations then go straight to the old generation
 * and a backup ends up paying for full collections. Direct buffers keep the heap free to be collected.
 */
public final class ZstdDirectOutputStream extends OutputStream {

    private static final int BUFFER_SIZE = 1 << 20;

    /**
     * With workers, zstd cuts the input into jobs and keeps about four jobs' worth of buffers: at level 3 its default
     * job (four windows, 8 MiB) costs 62 MiB of native memory over a single-threaded stream. 2 MiB jobs (one
     * window) cost 16 MiB, for 1.5% more output and the same speed on two cores (a 515 MB tar of the public corpus:
     * 214.6 MB instead of 211.4 MB, 1.21 s instead of 1.17 s). Only up to level 4, whose window is at most 2 MiB: a
     * higher level's larger window wants larger jobs, and whoever picks it has chosen ratio over memory.
     */
    static final int JOB_SIZE = 2 << 20;

    static final int SMALL_JOBS_UP_TO_LEVEL = 4;

    private final OutputStream out;
    private final ZstdCompressCtx ctx = new ZstdCompressCtx();
    private final ByteBuffer source = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final ByteBuffer target = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final byte[] copy = new byte[BUFFER_SIZE];
    private boolean closed;
    /** A write failed part-way: the buffered input is in an unknown state, so close must not finish the frame. */
    private boolean failed;

    public ZstdDirectOutputStream(OutputStream out, int level, int workers) throws IOException {
        this.out = out;
        try {
            ctx.setLevel(level);
            ctx.setChecksum(true);
            ctx.setWorkers(workers);
            if (workers > 0 && level <= SMALL_JOBS_UP_TO_LEVEL) {
                ctx.setJobSize(JOB_SIZE);
            }
        } catch (ZstdException e) {
            ctx.close();
            throw new IOException("zstd refused its settings: " + e.getMessage(), e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        while (len > 0) {
            int n = Math.min(len, source.remaining());
            source.put(b, off, n);
            off += n;
            len -= n;
            if (!source.hasRemaining()) {
                compress(EndDirective.CONTINUE);
            }
        }
    }

    /** Hands the buffered input to zstd and writes what it gives back; with END, until the frame is complete. */
    private void compress(EndDirective directive) throws IOException {
        source.flip();
        boolean completed = false;
        try {
            boolean done;
            do {
                done = ctx.compressDirectByteBufferStream(target, source, directive);
                drain();
            } while (source.hasRemaining() || (directive == EndDirective.END && !done));
            completed = true;
        } catch (ZstdException e) {
            throw new IOException("zstd compression failed: " + e.getMessage(), e);
        } finally {
            failed |= !completed;
        }
        source.clear();
    }

    private void drain() throws IOException {
        target.flip();
        int n = target.remaining();
        if (n > 0) {
            target.get(copy, 0, n);
            out.write(copy, 0, n);
        }
        target.clear();
    }

    /** Passes what zstd has finished on; no zstd flush, which would cut a block and worsen compression. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (out) {
            if (!failed) {
                compress(EndDirective.END);
            }
        } finally {
            ctx.close();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }
}
