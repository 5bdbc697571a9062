package com.opscenter.storage.control;

import com.opscenter.archive.io.DirectoryHandles;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Walks a tree as {@link SecureTree} does, through folder handles checked by device and inode, with several
 * threads: a cold walk waits on the disk for every folder and inode, and several outstanding reads are what
 * makes a walk faster than {@code du}'s one at a time. A thread that meets a folder hands its open handle to a
 * small shared queue when there is room and walks it itself otherwise, so memory and open handles stay bounded
 * (the queue, plus one handle per level on each thread's own descent) whatever the number of files. Each thread
 * has its own visitor, so visitors need no locking; {@link SecureTree.Visitor#leave} is not called.
 */
final class ParallelTree {

    /** Folder handles opened ahead for an idle thread; beyond this a thread descends into its own finds. */
    static final int QUEUE_BOUND = 64;

    private record Folder(SecureDirectoryStream<Path> dir, Path path) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Folder> queue = new ArrayDeque<>();
    private final Supplier<? extends SecureTree.Visitor> visitors;
    private final List<SecureTree.Visitor> started = new ArrayList<>();
    /** Threads between taking a folder and finishing it: with an empty queue and none busy, the walk is over. */
    private int busy;

    private int helpersRunning;
    private boolean done;
    private volatile boolean aborted;

    private ParallelTree(Supplier<? extends SecureTree.Visitor> visitors) {
        this.visitors = visitors;
    }

    /**
     * Walks the folder's contents with the calling thread and up to {@code helpers} tasks on {@code executor},
     * and answers the visitors of every thread that took part (the caller's first). A helper that starts after
     * the walk ended does nothing, so a busy executor only makes the walk slower, never stuck.
     *
     * @throws CancellationException when a walking thread was interrupted; the visitors' findings are partial
     */
    static <V extends SecureTree.Visitor> List<V> walk(
            Path root, Supplier<V> visitors, Executor executor, int helpers) {
        var walk = new ParallelTree(visitors);
        var own = walk.register();
        try {
            walk.queue.add(new Folder(SecureTree.openRoot(root), root));
        } catch (IOException e) {
            own.failed(root, e);
            walk.done = true;
        }
        for (int i = 0; i < helpers && !walk.done; i++) {
            try {
                executor.execute(walk::help);
            } catch (RejectedExecutionException e) {
                break; // the executor is full or shutting down: fewer threads, same result
            }
        }
        walk.work(own);
        walk.awaitHelpers();
        if (walk.aborted) {
            throw new CancellationException("walk of " + root + " interrupted");
        }
        @SuppressWarnings("unchecked") // every visitor came from the one Supplier<V>
        var all = (List<V>) List.copyOf(walk.started);
        return all;
    }

    private SecureTree.Visitor register() {
        var visitor = visitors.get();
        started.add(visitor);
        return visitor;
    }

    private void help() {
        SecureTree.Visitor visitor;
        lock.lock();
        try {
            if (done) {
                return;
            }
            visitor = register();
            helpersRunning++;
        } finally {
            lock.unlock();
        }
        try {
            work(visitor);
        } finally {
            lock.lock();
            try {
                helpersRunning--;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void work(SecureTree.Visitor visitor) {
        while (true) {
            Folder next;
            lock.lock();
            try {
                while (queue.isEmpty() && !done) {
                    if (busy == 0) {
                        finish();
                        break;
                    }
                    try {
                        changed.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        abort();
                    }
                }
                if (done) {
                    return;
                }
                next = queue.poll();
                busy++;
            } finally {
                lock.unlock();
            }
            try (var dir = next.dir()) {
                walkInside(dir, next.path(), visitor);
            } catch (IOException e) {
                visitor.failed(next.path(), e); // closing a folder handle failed: nothing was lost
            } finally {
                lock.lock();
                try {
                    busy--;
                    if (busy == 0 && queue.isEmpty()) {
                        finish();
                    }
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    private void walkInside(SecureDirectoryStream<Path> dir, Path path, SecureTree.Visitor visitor) {
        try {
            for (var child : dir) {
                if (aborted || Thread.currentThread().isInterrupted()) {
                    abortLocked();
                    return;
                }
                var name = child.getFileName();
                var entryPath = path.resolve(name);
                SecureTree.Entry entry;
                boolean enter;
                try {
                    entry = new SecureTree.Entry(dir, name, entryPath, SecureTree.attributesOf(dir, name));
                    enter = visitor.visit(entry);
                } catch (IOException e) {
                    visitor.failed(entryPath, e);
                    continue;
                }
                if (enter && entry.attributes().isDirectory()) {
                    SecureDirectoryStream<Path> sub;
                    try {
                        sub = DirectoryHandles.openChild(
                                dir, name, entry.attributes().fileKey());
                    } catch (IOException e) {
                        visitor.failed(entryPath, e);
                        continue;
                    }
                    if (!offer(sub, entryPath)) {
                        try (sub) {
                            walkInside(sub, entryPath, visitor);
                        } catch (IOException e) {
                            visitor.failed(entryPath, e);
                        }
                    }
                }
            }
        } catch (DirectoryIteratorException e) {
            visitor.failed(path, e.getCause());
        }
    }

    /** Hands an open folder to whichever thread is free next, if the queue has room. */
    private boolean offer(SecureDirectoryStream<Path> dir, Path path) {
        lock.lock();
        try {
            if (done || queue.size() >= QUEUE_BOUND) {
                return false;
            }
            queue.add(new Folder(dir, path));
            changed.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void finish() {
        done = true;
        changed.signalAll();
    }

    private void abortLocked() {
        lock.lock();
        try {
            abort();
        } finally {
            lock.unlock();
        }
    }

    /** Stops every thread at its next entry and closes the handles nobody took. */
    private void abort() {
        aborted = true;
        for (var folder : queue) {
            try {
                folder.dir().close();
            } catch (IOException e) {
                // closing only releases the handle
            }
        }
        queue.clear();
        finish();
    }

    private void awaitHelpers() {
        lock.lock();
        try {
            while (helpersRunning > 0) {
                changed.awaitUninterruptibly(); // they stop at their next entry once the walk is done
            }
        } finally {
            lock.unlock();
        }
    }
}
