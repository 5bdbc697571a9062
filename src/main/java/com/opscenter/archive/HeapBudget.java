package com.opscenter.archive;

import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;

/**
 * The share of this JVM's heap that backups being written may hold at once: their read-ahead and buffers, and an xz
 * compressor's match finder (about 92 MiB at level 6). The server itself keeps about 90 MiB live, so two xz backups
 * of different volumes starting together would not fit beside it: the second waits here for the first instead of
 * failing out of memory, and a crowd of backups queues instead of piling up buffers.
 */
public final class HeapBudget {

    /** Half of this JVM's heap, the same share {@link Codec#heapProblem} allows one compressor. */
    public static final HeapBudget JVM = new HeapBudget(Runtime.getRuntime().maxMemory() / 2);

    private static final long UNIT = 1 << 20;

    private final Semaphore units;
    private final int total;

    public HeapBudget(long bytes) {
        total = (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes / UNIT));
        units = new Semaphore(total, true);
    }

    /** Held memory, given back on close. */
    public interface Reservation extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits until {@code bytes} fit beside what others hold, first come first served. Nothing is held for zero
     * bytes; more than the whole budget waits for all of it and runs alone ({@link Codec#heapProblem} has already
     * refused what could never fit the heap).
     */
    public Reservation reserve(long bytes) throws InterruptedIOException {
        if (bytes <= 0) {
            return () -> {};
        }
        var wanted = (int) Math.min(total, (bytes + UNIT - 1) / UNIT);
        try {
            units.acquire(wanted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for memory to compress");
        }
        var released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                units.release(wanted);
            }
        };
    }

    /** Units (MiB) free now; for tests and diagnostics. */
    public int availableMiB() {
        return units.availablePermits();
    }
}
