package com.opscenter.archive;

import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.archive.io.DirectoryHandles;
import com.opscenter.archive.io.UnixStat;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Walks the sources of an archive depth-first in sorted order, through folder handles, never following links and
 * never descending into the backup folder itself, leaving out what the exclude patterns match (a pattern with {@code /} matches the
 * path relative to the source root, one without matches the file name).
 */
final class SourceWalker {

    static final String STAT_ATTRIBUTES = "unix:mode,ino,dev,nlink,uid,gid,size,lastModifiedTime,ctime,fileKey";
    /** The attributes as the folder handle saw them ({@link PosixFileAttributes}), for the owner's name. */
    static final String HANDLE_ATTRIBUTES = "handle";

    static final int S_IFMT = 0170000;
    static final int S_IFDIR = 0040000;
    static final int S_IFREG = 0100000;
    static final int S_IFLNK = 0120000;
    static final int S_IFIFO = 0010000;

    @FunctionalInterface
    interface Visitor {
        /** {@code dir} and {@code leaf} are null for a source's root, which is looked at by its path. */
        void visit(OpenFolder dir, Path leaf, Path path, String name, Map<String, Object> attrs) throws IOException;
    }

    /** Identity of an inode, to store a second name of a file as a hard link. */
    record FileKey(long dev, long ino) {
        static FileKey of(Map<String, Object> attrs) {
            return new FileKey((Long) attrs.get("dev"), (Long) attrs.get("ino"));
        }
    }

    /** What the metadata-only pre-scan counted: the totals a progress report is measured against. */
    record Totals(long files, long bytes) {}

    private final List<ArchiveSpec.Source> sources;
    private final ArchiveSpec.Base base;
    private final Path backupDirAbs;
    private final List<PathMatcher> nameMatchers = new ArrayList<>();
    private final List<PathMatcher> pathMatchers = new ArrayList<>();

    SourceWalker(ArchiveSpec spec) {
        this.sources = spec.sources();
        this.base = spec.base();
        this.backupDirAbs = spec.destination().toAbsolutePath().normalize();
        for (String pattern : spec.excludePatterns()) {
            PathMatcher m = ExcludePatterns.matcher(pattern);
            (ExcludePatterns.matchesRelativePath(pattern) ? pathMatchers : nameMatchers).add(m);
        }
    }

    static boolean isRegularFile(Map<String, Object> attrs) {
        return ((Integer) attrs.get("mode") & S_IFMT) == S_IFREG;
    }

    /**
     * Counts files and content bytes (a hard-linked file once) without reading any content, walking folders on
     * {@code parallelism} threads (the caller's and more from {@code factory}): on a cold page cache the walk waits
     * on the disk for every folder and inode, and the archive is not written before the totals are known.
     */
    Totals prescan(int parallelism, ThreadFactory factory) throws IOException {
        long files = 0;
        long bytes = 0;
        for (ArchiveSpec.Source source : sources) {
            Totals t = new Prescan(this, source.root(), parallelism, factory).count(source.archivePrefix());
            files += t.files();
            bytes += t.bytes();
        }
        return new Totals(files, bytes);
    }

    /**
     * Runs on ReadAhead's walker thread: the walk, its results queued in order, each first name's content read. A
     * source with hooks is walked only once everything before it was archived and its {@code beforeRead} returned;
     * its {@code afterRead} runs once the archiver consumed its last entry, then its dumps are walked.
     */
    void walkInto(ReadAhead ra) throws IOException {
        try (ChangeDetector changes = base == null ? null : new ChangeDetector(base, ra::addWarning)) {
            walkSources(ra, changes);
        }
    }

    private void walkSources(ReadAhead ra, ChangeDetector changes) throws IOException {
        boolean first = true;
        for (ArchiveSpec.Source source : sources) {
            if (!first) {
                ra.addSourceBoundary();
            }
            first = false;
            SourceHooks hooks = source.hooks();
            if (hooks == null) {
                walkInto(ra, source.archivePrefix(), source.root(), changes);
                continue;
            }
            ra.awaitConsumed();
            List<SourceHooks.Dump> dumps;
            try {
                dumps = List.copyOf(hooks.beforeRead());
                walkInto(ra, source.archivePrefix(), source.root(), changes);
                ra.awaitConsumed();
            } finally {
                // Interrupted when the archive failed: the hook must still reach the outside world.
                ra.shielded(hooks::afterRead);
            }
            for (SourceHooks.Dump dump : dumps) {
                ra.addSourceBoundary();
                // A dump is written afresh for every backup: never compared, always stored.
                walkInto(ra, ArchiveFormat.DUMPS_PREFIX + dump.name(), dump.file(), null);
            }
        }
    }

    /**
     * One source: every first name of a regular file is read, unless {@code changes} (null: a full backup) finds
     * it unchanged since the base; that is decided here, before the file is queued for the readers.
     */
    private void walkInto(ReadAhead ra, String prefix, Path root, ChangeDetector changes) throws IOException {
        Map<FileKey, Boolean> seen = new HashMap<>();
        if (changes != null) {
            changes.startSource(prefix);
        }
        walk(prefix, root, ra::addWarning, (dir, leaf, path, name, attrs) -> {
            boolean firstContent = isRegularFile(attrs) && firstName(attrs, seen);
            ChangeDetector.Holder held = firstContent && changes != null ? changes.unchanged(name, attrs) : null;
            long sizeToRead = firstContent && held == null ? (Long) attrs.get("size") : -1;
            ra.addEntry(dir, leaf, path, name, attrs, sizeToRead, held);
        });
    }

    static boolean firstName(Map<String, Object> attrs, Map<FileKey, Boolean> seen) {
        return (Integer) attrs.get("nlink") <= 1 || seen.put(FileKey.of(attrs), Boolean.TRUE) == null;
    }

    /** A folder being walked: its handle, where it is, and the names in it still to visit, in order (Prescan too). */
    static final class Frame {
        final OpenFolder dir;
        final Path path;
        final String name;
        final List<Path> children;
        int next;

        Frame(OpenFolder dir, Path path, String name, List<Path> children) {
            this.dir = dir;
            this.path = path;
            this.name = name;
            this.children = children;
        }
    }

    /**
     * Every folder is opened relative to its parent's handle without following a link, and entered only if it is
     * the folder whose attributes were read; every name is looked at through its folder's handle. A folder
     * swapped for a link while we work is therefore never followed: the link is archived as a link if it was one
     * when looked at, and otherwise the name is skipped with a warning.
     */
    private void walk(String prefix, Path root, Consumer<String> warn, Visitor visitor) throws IOException {
        Map<String, Object> rootAttrs;
        try {
            rootAttrs = new HashMap<>(Files.readAttributes(root, STAT_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS));
            rootAttrs.put(
                    HANDLE_ATTRIBUTES,
                    Files.readAttributes(root, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            warn(warn, prefix + ": vanished before it was read");
            return;
        }
        if (!isDirectory(rootAttrs)) {
            visitor.visit(null, null, root, prefix, rootAttrs);
            return;
        }
        AtomicInteger open = new AtomicInteger();
        Deque<Frame> frames = new ArrayDeque<>();
        try {
            OpenFolder rootDir;
            try {
                rootDir = new OpenFolder(DirectoryHandles.openRoot(root, rootAttrs.get("fileKey")), open);
            } catch (NoSuchFileException | DirectoryHandles.ReplacedException e) {
                warn(warn, prefix + ": skipped, " + describe(e));
                return;
            } catch (AccessDeniedException e) {
                visitor.visit(null, null, root, prefix, rootAttrs);
                warn(warn, prefix + ": contents skipped, " + describe(e));
                return;
            }
            visitor.visit(null, null, root, prefix, rootAttrs);
            enter(frames, rootDir, root, root, prefix, warn);
            while (!frames.isEmpty()) {
                checkCancelled();
                Frame frame = frames.peek();
                if (frame.next == frame.children.size()) {
                    frames.pop().dir.release();
                    continue;
                }
                Path leaf = frame.children.get(frame.next++);
                Path path = frame.path.resolve(leaf);
                String name = frame.name + "/" + leaf;
                Map<String, Object> attrs = attributes(frame.dir, leaf, path, name, warn);
                if (attrs == null) {
                    continue;
                }
                if (!isDirectory(attrs)) {
                    visitor.visit(frame.dir, leaf, path, name, attrs);
                    continue;
                }
                OpenFolder sub;
                try {
                    sub = new OpenFolder(
                            DirectoryHandles.openChild(frame.dir.handle(), leaf, attrs.get("fileKey")), open);
                } catch (NoSuchFileException e) {
                    warn(warn, name + ": vanished before it was read");
                    continue;
                } catch (AccessDeniedException e) {
                    visitor.visit(frame.dir, leaf, path, name, attrs);
                    warn(warn, name + ": contents skipped, " + describe(e));
                    continue;
                } catch (FileSystemException e) {
                    // Replaced by a link (O_NOFOLLOW refused it) or by another folder since it was looked at.
                    warn(warn, name + ": skipped, " + describe(e));
                    continue;
                }
                visitor.visit(frame.dir, leaf, path, name, attrs);
                enter(frames, sub, root, path, name, warn);
            }
        } finally {
            while (!frames.isEmpty()) {
                frames.pop().dir.release();
            }
        }
    }

    /** Lists an open folder, sorted, and pushes it; a folder that cannot be listed is closed with a warning. */
    private void enter(Deque<Frame> frames, OpenFolder dir, Path root, Path path, String name, Consumer<String> warn)
            throws IOException {
        List<Path> children = children(dir, root, path, name, warn);
        if (children != null) {
            frames.push(new Frame(dir, path, name, children));
        }
    }

    /**
     * The names in an open folder to archive, sorted: excluded ones, the backup folder and names that are not valid
     * UTF-8 left out. Null, with the folder released and a warning, if it cannot be listed.
     */
    List<Path> children(OpenFolder dir, Path root, Path path, String name, Consumer<String> warn) throws IOException {
        List<Path> children = new ArrayList<>();
        try {
            for (Path entry : dir.handle()) {
                Path child = entry.getFileName();
                if (!child.equals(child.getFileSystem().getPath(child.toString()))) {
                    // Java decodes a name that is not valid UTF-8 lossily; archived, it would come back
                    // under another name. Said, not silently renamed.
                    warn(warn, name + "/" + child + ": skipped, its name is not valid UTF-8");
                    continue;
                }
                Path childPath = path.resolve(child);
                if (!isExcluded(root, childPath)
                        && !childPath.toAbsolutePath().normalize().equals(backupDirAbs)) {
                    children.add(child);
                }
            }
        } catch (DirectoryIteratorException e) {
            dir.release();
            if (e.getCause() instanceof NoSuchFileException || e.getCause() instanceof AccessDeniedException) {
                warn(warn, name + ": contents skipped, " + describe(e.getCause()));
                return null;
            }
            throw e.getCause();
        }
        children.sort(null);
        return children;
    }

    /**
     * The unix attributes of a name in an open folder, as the folder's handle sees it ({@link UnixStat}). Where the
     * JDK does not show them that way they are read by path (only that view has the link count, the numeric owner
     * and every mode bit) and used only if they describe the file the folder's handle sees under that name: a path
     * through a folder swapped for a link describes another file. Null, with a warning, if the name vanished or kept
     * being replaced.
     */
    static Map<String, Object> attributes(OpenFolder dir, Path leaf, Path path, String name, Consumer<String> warn)
            throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            PosixFileAttributes seen;
            try {
                seen = DirectoryHandles.attributesOf(dir.handle(), leaf);
            } catch (NoSuchFileException e) {
                warn(warn, name + ": vanished before it was read");
                return null;
            }
            Map<String, Object> fromHandle = UnixStat.of(seen);
            if (fromHandle != null) {
                fromHandle.put(HANDLE_ATTRIBUTES, seen);
                return fromHandle;
            }
            Map<String, Object> attrs;
            try {
                attrs = Files.readAttributes(path, STAT_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                continue;
            }
            if (seen.fileKey().equals(attrs.get("fileKey"))) {
                Map<String, Object> all = new HashMap<>(attrs);
                all.put(HANDLE_ATTRIBUTES, seen);
                return all;
            }
        }
        warn(warn, name + ": skipped, replaced while being read");
        return null;
    }

    /**
     * Whether the name no longer shows the file as {@code attrs} described it (another size, time or file, or
     * none): looked at once its content was read, so that a file written meanwhile is reported.
     */
    static boolean changedSince(OpenFolder dir, Path leaf, Path path, Map<String, Object> attrs) throws IOException {
        try {
            BasicFileAttributes after = dir != null
                    ? DirectoryHandles.attributesOf(dir.handle(), leaf)
                    : Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return after.size() != (Long) attrs.get("size")
                    || !after.lastModifiedTime().equals(attrs.get("lastModifiedTime"))
                    || !after.fileKey().equals(attrs.get("fileKey"));
        } catch (NoSuchFileException e) {
            return true;
        }
    }

    static boolean isDirectory(Map<String, Object> attrs) {
        return ((Integer) attrs.get("mode") & S_IFMT) == S_IFDIR;
    }

    private static void warn(Consumer<String> warn, String message) {
        if (warn != null) {
            warn.accept(message);
        }
    }

    private boolean isExcluded(Path root, Path child) {
        Path fileName = child.getFileName();
        for (PathMatcher m : nameMatchers) {
            if (m.matches(fileName)) {
                return true;
            }
        }
        if (!pathMatchers.isEmpty()) {
            Path rel = root.relativize(child);
            for (PathMatcher m : pathMatchers) {
                if (m.matches(rel)) {
                    return true;
                }
            }
        }
        return false;
    }

    static String describe(IOException e) {
        return e instanceof FileSystemException f ? describe(f) : e.getClass().getSimpleName();
    }

    static String describe(FileSystemException e) {
        return e.getReason() != null
                ? e.getReason().toLowerCase(Locale.ROOT)
                : e.getClass().getSimpleName();
    }

    static void checkCancelled() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("backup interrupted");
        }
    }
}
