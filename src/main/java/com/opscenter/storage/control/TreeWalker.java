package com.opscenter.storage.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Walks a volume without following symbolic links. Sizes are apparent sizes of regular files; a file with
 * several hard links inside the volume counts once. An entry that cannot be read is counted and described,
 * never fatal: only an unreadable root makes the whole answer unusable.
 */
public final class TreeWalker {

    public static final int LARGEST_FILES = 10;
    static final int PROBLEMS_KEPT = 20;
    private static final boolean UNIX_VIEW =
            FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

    private TreeWalker() {}

    /** Sizes, counts and times from file metadata only. */
    public static TreeStats measure(Path root) {
        return walk(root, false);
    }

    /** As {@link #measure}, and reads every byte of every regular file, so unreadable content shows up too. */
    public static TreeStats verify(Path root) {
        return walk(root, true);
    }

    private static TreeStats walk(Path root, boolean readContents) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            var reason = Files.exists(root, LinkOption.NOFOLLOW_LINKS) ? "not a directory" : "does not exist";
            return new TreeStats(0, 0, null, List.of(), 1, List.of(root + ": " + reason), true);
        }
        var visitor = new Visitor(root, readContents);
        try {
            Files.walkFileTree(root, visitor);
        } catch (IOException e) {
            // walkFileTree only throws what the visitor throws, and this visitor records instead of throwing.
            visitor.problem(root, e);
        }
        return visitor.result();
    }

    private static final class Visitor extends SimpleFileVisitor<Path> {
        private final Path root;
        private final boolean readContents;
        private final Set<Object> linkedFilesSeen = new HashSet<>();
        private final PriorityQueue<TreeStats.FileInfo> largest =
                new PriorityQueue<>(Comparator.comparingLong(TreeStats.FileInfo::size));
        private final List<String> problems = new ArrayList<>();
        private final ByteBuffer buffer;
        private long size;
        private long files;
        private long unreadable;
        private boolean rootUnreadable;
        private Instant lastAccessed;

        Visitor(Path root, boolean readContents) {
            this.root = root;
            this.readContents = readContents;
            this.buffer = readContents ? ByteBuffer.allocate(1 << 16) : null;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (!attributes.isRegularFile()) {
                return FileVisitResult.CONTINUE; // symlinks, sockets, FIFOs: no content of their own to count
            }
            try {
                if (isRepeatedHardLink(file)) {
                    return FileVisitResult.CONTINUE;
                }
                if (readContents) {
                    readFully(file);
                }
            } catch (IOException e) {
                problem(file, e);
                return FileVisitResult.CONTINUE;
            }
            files++;
            size += attributes.size();
            var accessed = newest(
                    attributes.lastAccessTime().toInstant(),
                    attributes.lastModifiedTime().toInstant());
            lastAccessed = lastAccessed == null ? accessed : newest(lastAccessed, accessed);
            largest.add(new TreeStats.FileInfo(
                    file.getFileName().toString(),
                    root.relativize(file).toString(),
                    attributes.size(),
                    attributes.lastModifiedTime().toInstant()));
            if (largest.size() > LARGEST_FILES) {
                largest.poll();
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            problem(file, e);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            if (e != null) {
                problem(dir, e);
            }
            return FileVisitResult.CONTINUE;
        }

        /** Only files with more than one link are remembered, by (device, inode), to keep memory small. */
        private boolean isRepeatedHardLink(Path file) throws IOException {
            if (!UNIX_VIEW) {
                return false;
            }
            var unix = Files.readAttributes(file, "unix:nlink,dev,ino", LinkOption.NOFOLLOW_LINKS);
            if (((Number) unix.get("nlink")).intValue() <= 1) {
                return false;
            }
            return !linkedFilesSeen.add(List.of(unix.get("dev"), unix.get("ino")));
        }

        private void readFully(Path file) throws IOException {
            // NOFOLLOW_LINKS: a file swapped for a symlink during the walk is refused, not followed.
            try (var channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                while (channel.read(buffer.clear()) >= 0) {
                    // reading is the check
                }
            }
        }

        void problem(Path path, IOException e) {
            unreadable++;
            if (path.equals(root)) {
                rootUnreadable = true;
            }
            if (problems.size() < PROBLEMS_KEPT) {
                var relative = path.equals(root) ? "." : root.relativize(path).toString();
                problems.add(relative + ": " + describe(e));
            }
        }

        TreeStats result() {
            var top = new ArrayList<>(largest);
            top.sort(Comparator.comparingLong(TreeStats.FileInfo::size)
                    .reversed()
                    .thenComparing(TreeStats.FileInfo::path));
            return new TreeStats(size, files, lastAccessed, top, unreadable, problems, rootUnreadable);
        }
    }

    private static Instant newest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** The exception's kind and reason without the path, which the caller already shows relative to the volume. */
    static String describe(IOException e) {
        var reason = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null
                ? fs.getReason()
                : e.getMessage();
        var kind = e.getClass().getSimpleName().replace("Exception", "");
        return reason == null || reason.isBlank() ? kind : kind + " (" + reason + ")";
    }
}
