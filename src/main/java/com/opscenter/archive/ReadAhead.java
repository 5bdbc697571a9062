package com.opscenter.archive;

import com.opscenter.archive.io.DirectoryHandles;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

/**
 * Walks the sources and reads file contents ahead of the archiver thread, so that cold reads overlap hashing,
 * tar and compression. One walker thread produces the entries in the archive's order; reader threads claim
 * the regular files in that same order and fill chunks of at most {@link #CHUNK} bytes. The archiver thread
 * consumes entries and chunks strictly in order, so the archive is exactly what a sequential walk would write.
 *
 * <p>Memory is bounded independently of file sizes: at most {@code budget} bytes of chunks are held, plus at
 * most {@link #HEAD_EXTRA} chunks of the file the archiver is consuming (which lets that file always progress,
 * so readers working further ahead can never starve it), plus at most {@link #MAX_ITEMS} queued entries.
 *
 * <p>Chunks are regions of slabs of {@link #CHUNK} bytes: a file smaller than a slab shares one with the files read
 * next to it, and a slab whose regions were all consumed is reused. A backup therefore allocates its slabs once, all
 * of one size, whatever the mix of file sizes: buffers of a size per file, pooled by size, were dropped and
 * allocated again as the mix changed (128 MB per backup of 32,000 small files), and being queued when the young
 * generation was collected, they were promoted, which cost a full collection every few young ones.
 *
 * <p>About 400 lines on purpose: the walker, the readers and the consumer share one lock and one memory budget,
 * whose invariants are easier to check in one file.
 */
final class ReadAhead implements AutoCloseable {

    static final int CHUNK = 256 << 10;
    static final int HEAD_EXTRA = 4;
    /** Entries queued ahead of the archiver: enough to keep the readers busy; more would only live long enough on
     * the heap to be promoted (about 2 KB each). */
    static final int MAX_ITEMS = 1024;
    /** Queued entries keep their folder open; beyond this many open folders the walk waits for the archiver. */
    static final int MAX_OPEN_FOLDERS = 256;

    @FunctionalInterface
    interface Walk {
        void run(ReadAhead readAhead) throws IOException;
    }

    /** An entry of the walk; a warning; or, with every field null, the start of the next source. */
    static final class Item {
        /** The open folder of the entry and its name there; null for a source's root. */
        final OpenFolder dir;

        final Path leaf;
        final Path path;
        final String name;
        final Map<String, Object> attrs;
        final FileJob job;
        /** For a regular file unchanged since the base backup: where its content is; it is never read. */
        final ChangeDetector.Holder held;

        final String warning;

        Item(
                OpenFolder dir,
                Path leaf,
                Path path,
                String name,
                Map<String, Object> attrs,
                FileJob job,
                ChangeDetector.Holder held,
                String warning) {
            this.dir = dir;
            this.leaf = leaf;
            this.path = path;
            this.name = name;
            this.attrs = attrs;
            this.job = job;
            this.held = held;
            this.warning = warning;
        }
    }

    /** {@code length} bytes of a file at {@code offset} in {@code data}, a region of a slab. */
    static final class Chunk {
        final byte[] data;
        final int offset;
        final int length;
        private final Slab slab;

        private Chunk(Slab slab, int offset, int length) {
            this.data = slab.data;
            this.slab = slab;
            this.offset = offset;
            this.length = length;
        }
    }

    /** A buffer of {@link #CHUNK} bytes cut into regions front to back; guarded by the ReadAhead's lock. */
    private static final class Slab {
        final byte[] data = new byte[CHUNK];
        int used;
        int regions;
    }

    /** One regular file to read; all its state is guarded by the ReadAhead's lock. */
    final class FileJob {
        final OpenFolder dir;
        final Path leaf;
        final Path path;
        final long size;
        final Map<String, Object> attrs;
        private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
        private boolean opened;
        private IOException openFailure;
        private boolean done;
        private boolean changed;
        private Throwable failure;

        FileJob(OpenFolder dir, Path leaf, Path path, long size, Map<String, Object> attrs) {
            this.dir = dir;
            this.leaf = leaf;
            this.path = path;
            this.size = size;
            this.attrs = attrs;
        }

        /** Waits until the file was opened; returns why it could not be, or null. */
        IOException awaitOpened() throws IOException {
            synchronized (lock) {
                while (!opened && failure == null) {
                    await();
                }
                if (!opened) {
                    throw rethrow(failure);
                }
                return openFailure;
            }
        }

        Chunk take() throws IOException {
            synchronized (lock) {
                while (chunks.isEmpty() && failure == null) {
                    await();
                }
                Chunk c = chunks.poll();
                if (c == null) {
                    throw rethrow(failure);
                }
                lock.notifyAll();
                return c;
            }
        }

        /** Waits until the file was read to its end; true if it shrank or grew meanwhile. */
        boolean awaitDone() throws IOException {
            synchronized (lock) {
                while (!done && failure == null) {
                    await();
                }
                if (failure != null) {
                    throw rethrow(failure);
                }
                return changed;
            }
        }
    }

    private final Object lock = new Object();
    private final long budget;
    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private final ArrayDeque<FileJob> toRead = new ArrayDeque<>();
    /** Slabs whose regions were all consumed: reused, so slabs are only allocated while fewer are in flight. */
    private final ArrayDeque<Slab> pool = new ArrayDeque<>();
    /** The slab small chunks are cut from, in flight while it is; null until the first one. */
    private Slab current;

    private long allocatedBytes;
    private final List<Thread> threads = new ArrayList<>();
    private FileJob head;
    /** Bytes of the slabs taken from the pool or allocated and not given back. */
    private long inFlight;
    /** Items added and not yet done with: an entry until {@link #finished}, anything else until {@link #next}. */
    private long outstanding;

    private boolean walkDone;
    private Throwable walkFailure;
    private boolean closed;

    /** The walker thread while it runs a hook that {@link #close} must not interrupt; guarded by {@code lock}. */
    private Thread shielded;

    /** The walker and the {@code readers} reader threads come from {@code factory}. */
    ReadAhead(int readers, long budget, Walk walk, ThreadFactory factory) {
        this.budget = budget;
        threads.add(factory.newThread(() -> runWalk(walk)));
        for (int i = 0; i < Math.max(1, readers); i++) {
            threads.add(factory.newThread(this::runReader));
        }
        if (threads.contains(null)) {
            throw new IllegalStateException("the thread factory refused to create a thread");
        }
        threads.forEach(Thread::start);
    }

    // ---- walker side

    /**
     * Queues an entry; it keeps {@code dir} open until {@link #finished} is called for it. Its content is read if
     * {@code sizeToRead} is not negative; {@code held} says where an unchanged file's content is instead.
     */
    void addEntry(
            OpenFolder dir,
            Path leaf,
            Path path,
            String name,
            Map<String, Object> attrs,
            long sizeToRead,
            ChangeDetector.Holder held)
            throws IOException {
        FileJob job = sizeToRead >= 0 ? new FileJob(dir, leaf, path, sizeToRead, attrs) : null;
        if (dir != null) {
            dir.retain();
        }
        try {
            add(new Item(dir, leaf, path, name, attrs, job, held, null));
        } catch (IOException | RuntimeException e) {
            if (dir != null) {
                dir.release();
            }
            throw e;
        }
    }

    void addWarning(String warning) {
        try {
            add(new Item(null, null, null, null, null, null, null, warning));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void addSourceBoundary() throws IOException {
        add(new Item(null, null, null, null, null, null, null, null));
    }

    private void add(Item item) throws IOException {
        synchronized (lock) {
            while ((items.size() >= MAX_ITEMS
                            || (item.dir != null && item.dir.openFolders() > MAX_OPEN_FOLDERS && !items.isEmpty()))
                    && !closed) {
                await();
            }
            if (closed) {
                throw new InterruptedIOException("backup read-ahead closed");
            }
            items.add(item);
            outstanding++;
            if (item.job != null) {
                toRead.add(item.job);
            }
            lock.notifyAll();
        }
    }

    private void runWalk(Walk walk) {
        Throwable failure = null;
        try {
            walk.run(this);
        } catch (UncheckedIOException e) {
            failure = e.getCause();
        } catch (Throwable t) {
            failure = t;
        }
        synchronized (lock) {
            walkFailure = failure;
            walkDone = true;
            lock.notifyAll();
        }
    }

    // ---- archiver side

    /** The next entry in order, or null at the end of the walk; throws what the walk failed with. */
    Item next() throws IOException {
        synchronized (lock) {
            while (items.isEmpty() && !walkDone) {
                await();
            }
            Item item = items.poll();
            if (item != null) {
                if (item.path == null) {
                    outstanding--;
                }
                lock.notifyAll();
                return item;
            }
            if (walkFailure != null) {
                throw rethrow(walkFailure);
            }
            return null;
        }
    }

    /** The archiver is done with the entry: its folder may close. */
    void finished(Item item) {
        if (item.dir != null) {
            item.dir.release();
        }
        synchronized (lock) {
            outstanding--;
            lock.notifyAll();
        }
    }

    /**
     * On the walker thread: waits until the archiver is done with everything queued so far, so every byte of it was
     * read and written on; the barrier between a source with hooks and its neighbours.
     */
    void awaitConsumed() throws IOException {
        synchronized (lock) {
            while (outstanding > 0 && !closed) {
                await();
            }
            if (closed) {
                throw new InterruptedIOException("backup read-ahead closed");
            }
        }
    }

    void startConsuming(FileJob job) {
        synchronized (lock) {
            head = job;
            lock.notifyAll();
        }
    }

    void release(Chunk chunk) {
        synchronized (lock) {
            Slab slab = chunk.slab;
            if (--slab.regions == 0) {
                slab.used = 0;
                if (slab != current) {
                    inFlight -= CHUNK;
                    if (!closed) {
                        pool.push(slab);
                    }
                }
            }
            lock.notifyAll();
        }
    }

    /** Bytes of slabs allocated so far: at most the budget and {@link #HEAD_EXTRA} chunks, whatever was read. */
    long allocatedBytes() {
        synchronized (lock) {
            return allocatedBytes;
        }
    }

    /**
     * Runs {@code hook} on this thread with no interrupt pending and none delivered by {@link #close} meanwhile: a
     * hook that starts containers again must finish its calls even when the archive failed. Once it returns, a
     * close that came meanwhile interrupts this thread as it would have.
     */
    void shielded(Runnable hook) {
        synchronized (lock) {
            shielded = Thread.currentThread();
        }
        boolean interrupted = Thread.interrupted();
        try {
            hook.run();
        } finally {
            synchronized (lock) {
                shielded = null;
                interrupted |= closed;
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        List<Item> dropped;
        synchronized (lock) {
            closed = true;
            dropped = new ArrayList<>(items);
            items.clear();
            toRead.clear();
            pool.clear();
            lock.notifyAll();
        }
        synchronized (lock) {
            for (Thread t : threads) {
                if (t != shielded) {
                    t.interrupt();
                }
            }
        }
        boolean interrupted = Thread.interrupted();
        try {
            for (Thread t : threads) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
        } finally {
            dropped.forEach(this::finished);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- reader side

    private void runReader() {
        try {
            while (true) {
                FileJob job;
                synchronized (lock) {
                    while (toRead.isEmpty() && !walkDone && !closed) {
                        lock.wait();
                    }
                    job = closed ? null : toRead.poll();
                }
                if (job == null) {
                    return;
                }
                read(job);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void read(FileJob job) throws InterruptedException {
        SeekableByteChannel channel;
        try {
            // Opened with O_NOFOLLOW in its folder's handle: a file that became a link, or another file, is skipped.
            channel = job.dir != null
                    ? DirectoryHandles.openFile(job.dir.handle(), job.leaf, job.attrs.get("fileKey"))
                    : FileChannel.open(job.path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            synchronized (lock) {
                job.opened = true;
                job.openFailure = e;
                job.done = true;
                lock.notifyAll();
            }
            return;
        } catch (Throwable t) {
            fail(job, t);
            return;
        }
        try (channel) {
            synchronized (lock) {
                job.opened = true;
                lock.notifyAll();
            }
            boolean changed = false;
            boolean eof = false;
            long remaining = job.size;
            while (remaining > 0) {
                int want = (int) Math.min(CHUNK, remaining);
                Chunk chunk = acquire(job, want);
                if (chunk == null) {
                    return;
                }
                int len = 0;
                if (!eof) {
                    ByteBuffer bb = ByteBuffer.wrap(chunk.data, chunk.offset, want);
                    while (bb.hasRemaining()) {
                        if (channel.read(bb) < 0) {
                            eof = true;
                            break;
                        }
                    }
                    len = bb.position() - chunk.offset;
                }
                if (len < want) {
                    // Shrunk while read: pad with zeros so the tar stays well-formed; the hash covers the pad.
                    changed = true;
                    Arrays.fill(chunk.data, chunk.offset + len, chunk.offset + want, (byte) 0);
                }
                synchronized (lock) {
                    job.chunks.add(chunk);
                    lock.notifyAll();
                }
                remaining -= want;
            }
            if (!eof && channel.read(ByteBuffer.allocate(1)) > 0) {
                changed = true;
            }
            changed |= SourceWalker.changedSince(job.dir, job.leaf, job.path, job.attrs);
            synchronized (lock) {
                job.changed = changed;
                job.done = true;
                lock.notifyAll();
            }
        } catch (Throwable t) {
            if (t instanceof InterruptedException ie) {
                throw ie;
            }
            fail(job, t);
        }
    }

    private void fail(FileJob job, Throwable t) {
        synchronized (lock) {
            job.failure = t;
            lock.notifyAll();
        }
    }

    /**
     * A region of {@code want} bytes (at most {@link #CHUNK}) within the budget, or null once closed. A smaller
     * one is cut from the shared slab while it has room. A slab beyond the budget, which only the file being
     * consumed may take, holds that one chunk: so at most {@link #HEAD_EXTRA} slabs are ever beyond it.
     */
    private Chunk acquire(FileJob job, int want) throws InterruptedException {
        synchronized (lock) {
            while (!closed) {
                if (want < CHUNK && current != null && CHUNK - current.used >= want) {
                    return cut(current, want);
                }
                boolean withinBudget = inFlight + CHUNK <= budget;
                if (withinBudget || (job == head && job.chunks.size() < HEAD_EXTRA)) {
                    Slab slab = pool.poll();
                    if (slab == null) {
                        slab = new Slab();
                        allocatedBytes += CHUNK;
                    }
                    inFlight += CHUNK;
                    if (want < CHUNK && withinBudget) {
                        retireCurrent();
                        current = slab;
                    }
                    return cut(slab, want);
                }
                lock.wait();
            }
            return null;
        }
    }

    /** The shared slab stops taking regions; it goes back to the pool once the last of them is consumed. */
    private void retireCurrent() {
        Slab old = current;
        current = null;
        if (old != null && old.regions == 0) {
            inFlight -= CHUNK;
            pool.push(old);
        }
    }

    private static Chunk cut(Slab slab, int want) {
        Chunk chunk = new Chunk(slab, slab.used, want);
        slab.used += want;
        slab.regions++;
        return chunk;
    }

    // ---- helpers

    /** Waits on the lock, turning an interrupt into the cancellation the archiver reports. */
    private void await() throws InterruptedIOException {
        try {
            lock.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("backup interrupted");
        }
    }

    /** A worker's failure as the caller's: I/O errors as they are, unchecked ones thrown on (Prescan too). */
    static IOException rethrow(Throwable t) {
        if (t instanceof IOException e) {
            return e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IOException(t);
    }
}
