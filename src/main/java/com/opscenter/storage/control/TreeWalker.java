package com.opscenter.storage.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

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
        SecureTree.walk(root, visitor);
        return visitor.result();
    }

    private static final class Visitor implements SecureTree.Visitor {
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
            return false;
        }

        @Override
        public void failed(Path path, IOException e) {
            problem(path, e);
        }

        /**
         * Only files with more than one link are remembered, by (device, inode), to keep memory small. The link
         * count is only to be had by path; it counts only when that path still names the file the handle showed.
         */
        private boolean isRepeatedHardLink(SecureTree.Entry entry) throws IOException {
            if (!UNIX_VIEW) {
                return false;
            }
            var key = entry.attributes().fileKey();
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
