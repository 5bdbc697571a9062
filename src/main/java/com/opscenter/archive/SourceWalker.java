package com.opscenter.archive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Walks the sources of an archive depth-first in sorted order, never following links and never descending into
 * the backup folder itself, leaving out what the exclude patterns match (a pattern with {@code /} matches the
 * path relative to the source root, one without matches the file name).
 */
final class SourceWalker {

    static final String STAT_ATTRIBUTES = "unix:mode,ino,dev,nlink,uid,gid,size,lastModifiedTime";
    static final int S_IFMT = 0170000;
    static final int S_IFDIR = 0040000;
    static final int S_IFREG = 0100000;
    static final int S_IFLNK = 0120000;
    static final int S_IFIFO = 0010000;

    @FunctionalInterface
    interface Visitor {
        void visit(Path path, String name, Map<String, Object> attrs) throws IOException;
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
    private final Path backupDirAbs;
    private final List<PathMatcher> nameMatchers = new ArrayList<>();
    private final List<PathMatcher> pathMatchers = new ArrayList<>();

    SourceWalker(ArchiveSpec spec) {
        this.sources = spec.sources();
        this.backupDirAbs = spec.destination().toAbsolutePath().normalize();
        for (String pattern : spec.excludePatterns()) {
            PathMatcher m = ExcludePatterns.matcher(pattern);
            (ExcludePatterns.matchesRelativePath(pattern) ? pathMatchers : nameMatchers).add(m);
        }
    }

    static boolean isRegularFile(Map<String, Object> attrs) {
        return ((Integer) attrs.get("mode") & S_IFMT) == S_IFREG;
    }

    /** Counts files and content bytes (a hard-linked file once) without reading any content. */
    Totals prescan() throws IOException {
        long[] files = {0};
        long[] bytes = {0};
        for (ArchiveSpec.Source source : sources) {
            Map<FileKey, Boolean> seen = new HashMap<>();
            walk(source, null, (path, name, attrs) -> {
                if (isRegularFile(attrs)) {
                    files[0]++;
                    if (firstName(attrs, seen)) {
                        bytes[0] += (Long) attrs.get("size");
                    }
                }
            });
        }
        return new Totals(files[0], bytes[0]);
    }

    /** Runs on ReadAhead's walker thread: the walk, its results queued in order, each first name's content read. */
    void walkInto(ReadAhead ra) throws IOException {
        boolean first = true;
        for (ArchiveSpec.Source source : sources) {
            if (!first) {
                ra.addSourceBoundary();
            }
            first = false;
            Map<FileKey, Boolean> seen = new HashMap<>();
            walk(source, ra::addWarning, (path, name, attrs) -> {
                boolean readIt = isRegularFile(attrs) && firstName(attrs, seen);
                ra.addEntry(path, name, attrs, readIt ? (Long) attrs.get("size") : -1);
            });
        }
    }

    private static boolean firstName(Map<String, Object> attrs, Map<FileKey, Boolean> seen) {
        return (Integer) attrs.get("nlink") <= 1 || seen.put(FileKey.of(attrs), Boolean.TRUE) == null;
    }

    private void walk(ArchiveSpec.Source source, Consumer<String> warn, Visitor visitor) throws IOException {
        Path root = source.root();
        Deque<Path> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            checkCancelled();
            Path path = stack.pop();
            String rel = root.relativize(path).toString();
            String name = rel.isEmpty() ? source.archivePrefix() : source.archivePrefix() + "/" + rel;
            Map<String, Object> attrs;
            try {
                attrs = Files.readAttributes(path, STAT_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                if (warn != null) {
                    warn.accept(name + ": vanished before it was read");
                }
                continue;
            }
            visitor.visit(path, name, attrs);
            if (((Integer) attrs.get("mode") & S_IFMT) != S_IFDIR) {
                continue;
            }
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                for (Path child : entries) {
                    if (!child.equals(child.getFileSystem().getPath(child.toString()))) {
                        // Java decodes a name that is not valid UTF-8 lossily; archived, it would come back
                        // under another name. Said, not silently renamed.
                        if (warn != null) {
                            warn.accept(name + "/" + child.getFileName() + ": skipped, its name is not valid UTF-8");
                        }
                        continue;
                    }
                    if (!isExcluded(root, child)
                            && !child.toAbsolutePath().normalize().equals(backupDirAbs)) {
                        children.add(child);
                    }
                }
            } catch (NoSuchFileException | AccessDeniedException e) {
                if (warn != null) {
                    warn.accept(name + ": contents skipped, " + describe(e));
                }
                continue;
            }
            children.sort(null);
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.push(children.get(i));
            }
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
