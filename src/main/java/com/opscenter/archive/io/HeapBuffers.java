package com.opscenter.archive.io;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 1 MiB arrays kept from one archive operation for the next. A restore used to allocate nine of them (the
 * decompressor's buffers, the read-ahead's chunks, the extraction's buffer); in use at a young collection, they
 * overflowed the survivor spaces (3 MiB), were promoted, and ended as garbage in the old generation, so that
 * nearly every restore of bench/run paid a full collection of about 170 ms. Kept here, they are promoted once.
 * At most {@link #RETAINED} are kept; operations running at the same time take new ones beyond that.
 *
 * <p>An array is given back by its one owner, once nothing reads or writes it any more, and only once.
 */
public final class HeapBuffers {

    /** The size of every pooled array. */
    public static final int SIZE = 1 << 20;

    static final int RETAINED = 12;

    private static final ConcurrentLinkedDeque<byte[]> POOL = new ConcurrentLinkedDeque<>();
    private static final AtomicInteger POOLED = new AtomicInteger();

    private HeapBuffers() {}

    /** An array of {@link #SIZE} bytes, kept or new; its content is whatever its last user left. */
    public static byte[] take() {
        byte[] array = POOL.pollFirst();
        if (array == null) {
            return new byte[SIZE];
        }
        POOLED.decrementAndGet();
        return array;
    }

    /** Keeps {@code array} for a later {@link #take} if it is one of ours and there is room; null is ignored. */
    public static void give(byte[] array) {
        if (array == null || array.length != SIZE) {
            return;
        }
        if (POOLED.incrementAndGet() <= RETAINED) {
            POOL.addFirst(array);
        } else {
            POOLED.decrementAndGet();
        }
    }

    /** How many arrays are kept now. */
    static int pooled() {
        return POOLED.get();
    }
}
