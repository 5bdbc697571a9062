package com.opscenter.archive;

import com.opscenter.archive.SourceWalker.FileKey;
import com.opscenter.archive.io.DirectoryHandles;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pre-scan of one source on several threads: the same folders, names and attributes as {@link SourceWalker}'s
 * walk (through folder handles, never following a link), counted in any order. Each thread walks depth-first
 * like the serial walk and hands a sub-folder to the shared queue while it has room, so an idle thread picks it
 * up; open folders stay bounded by the queue's size plus each thread's depth, whatever the tree's width.
 */
final class Prescan {

    /** Sub-folders waiting for a thread; each keeps its parent folder open. */
    static final int MAX_QUEUED = 64;

    /** A sub-folder not opened yet, in its parent, which it holds open. */
    private record Pending(OpenFolder parent, Path leaf, Object key, Path path, String name) {}

    private final SourceWalker walker;
    private final Path root;
    private final int parallelism;
    private final ThreadFactory factory;
    private final Map<FileKey, Boolean> seen = new ConcurrentHashMap<>();
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Threads walking now; the walk is over when none is and the queue is empty. */
    private int busy;

    private Throwable failure;
    /** Set once the walk is complete or failed; read on every name, so volatile rather than locked. */
    private volatile boolean over;

    Prescan(SourceWalker walker, Path root, int parallelism, ThreadFactory factory) {
        this.walker = walker;
        this.root = root;
        this.parallelism = Math.max(1, parallelism);
        this.factory = factory;
    }

    SourceWalker.Totals count(String prefix) throws IOException {
        Map<String, Object> rootAttrs;
        try {
            rootAttrs = Files.readAttributes(root, SourceWalker.STAT_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return new SourceWalker.Totals(0, 0);
        }
        if (!SourceWalker.isDirectory(rootAttrs)) {
            countFile(rootAttrs);
            return totals();
        }
        OpenFolder rootDir;
        try {
            rootDir = new OpenFolder(DirectoryHandles.openRoot(root, rootAttrs.get("fileKey")), open);
        } catch (FileSystemException e) {
            return new SourceWalker.Totals(0, 0); // vanished, replaced or unreadable: the walk says so
        }
        busy = 1;
        List<Thread> helpers = new ArrayList<>();
        try {
            for (int i = 1; i < parallelism; i++) {
                Thread t = factory.newThread(this::help);
                if (t == null) {
                    break; // fewer threads only make it slower
                }
                helpers.add(t);
                t.start();
            }
            try {
                walkFrom(rootDir, root, prefix);
            } catch (Throwable t) {
                fail(t);
            }
            finishedOne();
            help();
        } finally {
            stop();
            join(helpers);
        }
        synchronized (this) {
            if (failure != null) {
                throw ReadAhead.rethrow(failure);
            }
        }
        return totals();
    }

    private SourceWalker.Totals totals() {
        return new SourceWalker.Totals(files.get(), bytes.get());
    }

    private void countFile(Map<String, Object> attrs) {
        if (SourceWalker.isRegularFile(attrs)) {
            files.incrementAndGet();
            if (SourceWalker.firstName(attrs, seen)) {
                bytes.addAndGet((Long) attrs.get("size"));
            }
        }
    }

    /** A thread's loop: takes queued folders until the walk is over. */
    private void help() {
        Pending p;
        while ((p = take()) != null) {
            try {
                OpenFolder dir = openQuietly(p.parent(), p.leaf(), p.key());
                if (dir != null) {
                    walkFrom(dir, p.path(), p.name());
                }
            } catch (Throwable t) {
                fail(t);
            } finally {
                p.parent().release();
                finishedOne();
            }
        }
    }

    /** Depth-first from an open folder, which it releases; sub-folders go to the queue while it has room. */
    private void walkFrom(OpenFolder start, Path startPath, String startName) throws IOException {
        ArrayDeque<SourceWalker.Frame> frames = new ArrayDeque<>();
        try {
            push(frames, start, startPath, startName);
            while (!frames.isEmpty()) {
                SourceWalker.checkCancelled();
                SourceWalker.Frame frame = frames.peek();
                if (frame.next == frame.children.size() || isOver()) {
                    frames.pop().dir.release();
                    continue;
                }
                Path leaf = frame.children.get(frame.next++);
                Path path = frame.path.resolve(leaf);
                String name = frame.name + "/" + leaf;
                Map<String, Object> attrs = SourceWalker.attributes(frame.dir, leaf, path, name, null);
                if (attrs == null) {
                    continue;
                }
                if (!SourceWalker.isDirectory(attrs)) {
                    countFile(attrs);
                    continue;
                }
                if (offer(new Pending(frame.dir, leaf, attrs.get("fileKey"), path, name))) {
                    continue;
                }
                OpenFolder sub = openQuietly(frame.dir, leaf, attrs.get("fileKey"));
                if (sub != null) {
                    push(frames, sub, path, name);
                }
            }
        } finally {
            while (!frames.isEmpty()) {
                frames.pop().dir.release();
            }
        }
    }

    private void push(ArrayDeque<SourceWalker.Frame> frames, OpenFolder dir, Path path, String name)
            throws IOException {
        List<Path> children = walker.children(dir, root, path, name, null);
        if (children != null) {
            frames.push(new SourceWalker.Frame(dir, path, name, children));
        }
    }

    /** The sub-folder, or null when the walk would skip it (vanished, replaced, unreadable: it warns there). */
    private OpenFolder openQuietly(OpenFolder parent, Path leaf, Object key) throws IOException {
        try {
            return new OpenFolder(DirectoryHandles.openChild(parent.handle(), leaf, key), open);
        } catch (FileSystemException e) {
            return null;
        }
    }

    // ---- the shared queue

    private synchronized boolean offer(Pending p) {
        if (parallelism == 1 || queue.size() >= MAX_QUEUED || over) {
            return false;
        }
        p.parent().retain();
        queue.add(p);
        busy++; // counted from now, so the walk cannot look over while it waits
        notifyAll();
        return true;
    }

    private synchronized Pending take() {
        while (queue.isEmpty() && busy > 0 && !over) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure != null ? failure : new InterruptedIOException("backup interrupted");
                over = true;
                notifyAll();
            }
        }
        return over ? null : queue.poll();
    }

    private synchronized void finishedOne() {
        busy--;
        if (busy == 0 && queue.isEmpty()) {
            over = true;
        }
        notifyAll();
    }

    private boolean isOver() {
        return over;
    }

    private synchronized void fail(Throwable t) {
        if (failure == null) {
            failure = t;
        }
        over = true;
        notifyAll();
    }

    /** Ends the walk; queued folders let their parents go. */
    private void stop() {
        List<Pending> dropped;
        synchronized (this) {
            over = true;
            dropped = new ArrayList<>(queue);
            queue.clear();
            notifyAll();
        }
        dropped.forEach(p -> p.parent().release());
    }

    private static void join(List<Thread> helpers) throws InterruptedIOException {
        for (Thread t : helpers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                helpers.forEach(Thread::interrupt);
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("backup interrupted");
            }
        }
    }
}
