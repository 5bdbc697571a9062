package com.opscenter.storage.control;

import com.opscenter.archive.io.UnixStat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Walks a volume without following symbolic links, through open folder handles ({@link SecureTree}), so a
 * folder swapped for a link during the walk is neither entered nor counted. Sizes are apparent sizes of regular
 * files; a file with several hard links inside the volume counts once. An entry that cannot be read is counted
 * and described, never fatal: only an unreadable root makes the whole answer unusable.
 */
public final class TreeWalker {

    public static final int LARGEST_FILES = 10;
    static final int PROBLEMS_KEPT = 20;
    private static final boolean UNIX_VIEW =
            FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

    private TreeWalker() {}

    /** Sizes, counts and times from file metadata only, walked by the calling thread alone. */
    public static TreeStats measure(Path root) {
        return walk(root, false);
    }

    /**
     * As {@link #measure(Path)}, walked by the calling thread together with the free threads of {@code threads}:
     * the same answer, sooner on a disk that serves several reads at once.
     */
    public static TreeStats measure(Path root, WalkThreads threads) {
        var missing = missingRoot(root);
        if (missing != null) {
            return missing;
        }
        var linkedFilesSeen = ConcurrentHashMap.newKeySet();
        var visitors = ParallelTree.walk(
                root, () -> new Visitor(root, false, linkedFilesSeen), threads, threads.helpersPerWalk());
        return merge(visitors);
    }

    /** As {@link #measure}, and reads every byte of every regular file, so unreadable content shows up too. */
    public static TreeStats verify(Path root) {
        return walk(root, true);
    }

    private static TreeStats walk(Path root, boolean readContents) {
        var missing = missingRoot(root);
        if (missing != null) {
            return missing;
        }
        var visitor = new Visitor(root, readContents, new HashSet<>());
        SecureTree.walk(root, visitor);
        return merge(List.of(visitor));
    }

    private static TreeStats missingRoot(Path root) {
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        var reason = Files.exists(root, LinkOption.NOFOLLOW_LINKS) ? "not a directory" : "does not exist";
        return new TreeStats(0, 0, null, List.of(), 1, List.of(root + ": " + reason), true);
    }

    /**
     * One answer from the findings of every thread of a walk. Largest files and problems are ordered by value
     * (size, then path; problem text), not by the order the walk met them, so every walk of a tree answers alike.
     */
    private static TreeStats merge(List<Visitor> visitors) {
        long size = 0;
        long files = 0;
        long unreadable = 0;
        boolean rootUnreadable = false;
        Instant lastAccessed = null;
        var top = new ArrayList<TreeStats.FileInfo>();
        var problems = new ArrayList<String>();
        for (var visitor : visitors) {
            size += visitor.size;
            files += visitor.files;
            unreadable += visitor.unreadable;
            rootUnreadable |= visitor.rootUnreadable;
            if (visitor.lastAccessed != null) {
                var accessed = visitor.lastAccessed.toInstant();
                lastAccessed = lastAccessed == null ? accessed : newest(lastAccessed, accessed);
            }
            top.addAll(visitor.largest);
            problems.addAll(visitor.problems);
        }
        top.sort(LARGEST_FIRST);
        problems.sort(Comparator.naturalOrder());
        return new TreeStats(
                size,
                files,
                lastAccessed,
                top.subList(0, Math.min(LARGEST_FILES, top.size())),
                unreadable,
                problems.subList(0, Math.min(PROBLEMS_KEPT, problems.size())),
                rootUnreadable);
    }

    /** Larger first; among equal sizes by path, so which of them make the top ten does not depend on the walk. */
    private static final Comparator<TreeStats.FileInfo> LARGEST_FIRST =
            Comparator.comparingLong(TreeStats.FileInfo::size).reversed().thenComparing(TreeStats.FileInfo::path);

    private static final class Visitor implements SecureTree.Visitor {
        private final Path root;
        private final boolean readContents;
        /** Shared by the threads of one walk (a concurrent set then): a hard link may sit in another's folder. */
        private final Set<Object> linkedFilesSeen;
        /** The ten largest so far, the one to drop first at the head. */
        private final PriorityQueue<TreeStats.FileInfo> largest = new PriorityQueue<>(LARGEST_FIRST.reversed());

        private final List<String> problems = new ArrayList<>();
        private final ByteBuffer buffer;
        private long size;
        private long files;
        private long unreadable;
        private boolean rootUnreadable;
        private FileTime lastAccessed;

        Visitor(Path root, boolean readContents, Set<Object> linkedFilesSeen) {
            this.root = root;
            this.readContents = readContents;
            this.linkedFilesSeen = linkedFilesSeen;
            this.buffer = readContents ? ByteBuffer.allocate(1 << 16) : null;
        }

        @Override
        public boolean visit(SecureTree.Entry entry) {
            var attributes = entry.attributes();
            if (attributes.isDirectory()) {
                return true;
            }
            if (!attributes.isRegularFile()) {
                return false; // symlinks, sockets, FIFOs: no content of their own to count
            }
            var file = entry.path();
            try {
                if (isRepeatedHardLink(entry)) {
                    return false;
                }
                if (readContents) {
                    readFully(entry);
                }
            } catch (IOException e) {
                problem(file, e);
                return false;
            }
            files++;
            size += attributes.size();
            var accessed = newest(attributes.lastAccessTime(), attributes.lastModifiedTime());
            lastAccessed = lastAccessed == null ? accessed : newest(lastAccessed, accessed);
            if (entersTopTen(attributes.size(), file)) {
                largest.add(new TreeStats.FileInfo(
                        file.getFileName().toString(),
                        relative(file),
                        attributes.size(),
                        attributes.lastModifiedTime().toInstant()));
                if (largest.size() > LARGEST_FILES) {
                    largest.poll();
                }
            }
            return false;
        }

        /** Most files do not: their entry (two strings, a relative path) is not even made. */
        private boolean entersTopTen(long size, Path file) {
            if (largest.size() < LARGEST_FILES) {
                return true;
            }
            var smallest = largest.peek();
            return size > smallest.size()
                    || (size == smallest.size() && relative(file).compareTo(smallest.path()) < 0);
        }

        private String relative(Path file) {
            return root.relativize(file).toString();
        }

        @Override
        public void failed(Path path, IOException e) {
            problem(path, e);
        }

        /**
         * Only files with more than one link are remembered, by (device, inode), to keep memory small. The link
         * count comes with the attributes read through the handle where the JDK shows it ({@link UnixStat});
         * otherwise by path, and then it counts only when that path still names the file the handle showed.
         */
        private boolean isRepeatedHardLink(SecureTree.Entry entry) throws IOException {
            if (!UNIX_VIEW) {
                return false;
            }
            var key = entry.attributes().fileKey();
            var links = UnixStat.linkCount(entry.attributes());
            if (links >= 0) {
                return links > 1 && !linkedFilesSeen.add(key);
            }
            var unix = Files.readAttributes(entry.path(), "unix:nlink,fileKey", LinkOption.NOFOLLOW_LINKS);
            if (key.equals(unix.get("fileKey")) && ((Number) unix.get("nlink")).intValue() <= 1) {
                return false;
            }
            return !linkedFilesSeen.add(key);
        }

        private void readFully(SecureTree.Entry entry) throws IOException {
            // Opened in its folder's handle without following: a file swapped for a link is refused, not followed.
            try (var channel = entry.parent()
                    .newByteChannel(entry.name(), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
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
    }

    private static Instant newest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static FileTime newest(FileTime a, FileTime b) {
        return a.compareTo(b) > 0 ? a : b;
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
