package com.opscenter.storage.control;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Gzips rotated log files ({@code app.log.1}, {@code app.log.2024-01-01}, {@code syslog.3}) and any log not
 * modified for a while, in place: {@code x} becomes {@code x.gz} with the same content, owner, permissions and
 * modification time. The original goes only after the compressed copy is safely on disk, and not at all if it
 * changed meanwhile. A file is left alone while it may still be written: changed within the minimum idle time,
 * held open by a process, or with other hard links (removing one name would free nothing). A copy that is not
 * smaller is thrown away and the original kept. All of it happens relative to open folder handles
 * ({@link SecureTree}): a folder swapped for a link meanwhile is never followed.
 */
public final class LogCompressor {

    private static final Pattern ROTATED = Pattern.compile(".+\\.(\\d+|\\d{4}-?\\d{2}-?\\d{2}([T_-]?\\d{2,6})?)");
    private static final Set<String> COMPRESSED = Set.of("gz", "tgz", "zst", "xz", "bz2", "lz4", "zip", "7z");
    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> CREATE =
            Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS);

    private static final long RESCAN_NANOS = Duration.ofSeconds(1).toNanos();

    private LogCompressor() {}

    /**
     * What was (or, in a dry run, would be) compressed, the bytes that freed, the files left alone and why, and
     * what failed.
     */
    public record Result(List<Path> compressed, long freedBytes, List<String> skipped, List<String> errors) {}

    /**
     * @param olderThan a log with a name that does not look rotated is compressed once untouched this long
     * @param minIdle no log changed within this time is touched, whatever its name
     */
    public static Result compress(List<Path> dirs, Duration olderThan, Duration minIdle, Instant now, boolean dryRun) {
        var run = new Run(now.minus(olderThan), now.minus(minIdle), minIdle, dryRun);
        for (var dir : dirs) {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                SecureTree.walk(dir, run);
            }
        }
        return new Result(run.compressed, run.freed, run.skipped, run.errors);
    }

    static boolean isCandidate(String name, Instant modified, Instant cutoff) {
        var lower = name.toLowerCase(Locale.ROOT);
        var dot = lower.lastIndexOf('.');
        if (dot >= 0 && COMPRESSED.contains(lower.substring(dot + 1))) {
            return false;
        }
        return ROTATED.matcher(lower).matches() || modified.isBefore(cutoff);
    }

    private static final class Run implements SecureTree.Visitor {
        private final Instant compressCutoff;
        private final Instant idleCutoff;
        private final Duration minIdle;
        private final boolean dryRun;
        private OpenFiles openFiles;
        private long scannedAt;
        private final List<Path> compressed = new ArrayList<>();
        private final List<String> skipped = new ArrayList<>();
        private final List<String> errors = new ArrayList<>();
        private long freed;

        Run(Instant compressCutoff, Instant idleCutoff, Duration minIdle, boolean dryRun) {
            this.compressCutoff = compressCutoff;
            this.idleCutoff = idleCutoff;
            this.minIdle = minIdle;
            this.dryRun = dryRun;
        }

        @Override
        public boolean visit(SecureTree.Entry entry) throws IOException {
            var attributes = entry.attributes();
            if (attributes.isDirectory()) {
                return true;
            }
            var name = entry.name().toString();
            var modified = attributes.lastModifiedTime().toInstant();
            if (!attributes.isRegularFile() || name.startsWith(".") || !isCandidate(name, modified, compressCutoff)) {
                return false;
            }
            var reason = reasonToKeep(entry);
            if (reason != null) {
                skipped.add("kept " + entry.path() + ": " + reason);
            } else if (dryRun) {
                compressed.add(entry.path());
            } else {
                var saved = gzip(entry);
                if (saved > 0) {
                    compressed.add(entry.path());
                    freed += saved;
                } else {
                    skipped.add("kept " + entry.path() + ": compressed it would not be smaller");
                }
            }
            return false;
        }

        @Override
        public void failed(Path path, IOException e) {
            errors.add(path + ": " + TreeWalker.describe(e));
        }

        /** Why the file may still be in use or its removal would free nothing; null when neither. */
        private String reasonToKeep(SecureTree.Entry entry) throws IOException {
            var attributes = entry.attributes();
            if (!attributes.lastModifiedTime().toInstant().isBefore(idleCutoff)) {
                return "changed within the last " + minIdle + " (STORAGE_LOG_MIN_IDLE)";
            }
            var holder = openFiles().holder(attributes.fileKey());
            if (holder.isPresent()) {
                return "held open by " + holder.get();
            }
            // The link count is only to be had by path: it counts when the path names the file the handle showed.
            var unix = Files.readAttributes(entry.path(), "unix:nlink,fileKey", LinkOption.NOFOLLOW_LINKS);
            if (!attributes.fileKey().equals(unix.get("fileKey"))) {
                return "replaced while being looked at";
            }
            var links = ((Number) unix.get("nlink")).intValue();
            return links > 1 ? "has " + links + " hard links; compressing one would free nothing" : null;
        }

        /**
         * What processes hold open, at most a second old: a scan of every descriptor of every process costs too
         * much to repeat for each of thousands of files, and a file untouched for the idle time is not likely
         * to be opened in the second before it is compressed. The size and time check before removal still holds.
         */
        private OpenFiles openFiles() {
            if (openFiles == null || System.nanoTime() - scannedAt > RESCAN_NANOS) {
                openFiles = OpenFiles.scan();
                scannedAt = System.nanoTime();
            }
            return openFiles;
        }

        /** Compresses one file beside itself; answers the bytes saved, 0 when the copy was not smaller. */
        private long gzip(SecureTree.Entry entry) throws IOException {
            var dir = entry.parent();
            var original = entry.attributes();
            var target = Path.of(entry.name() + ".gz");
            refuseExisting(dir, target, entry.path());
            // Hidden temporary name in the same folder: the rename below is then atomic and nobody rotates it.
            var temp = Path.of("." + entry.name() + "." + UUID.randomUUID() + ".gz.tmp");
            try {
                try (var in = dir.newByteChannel(entry.name(), READ);
                        var channel = dir.newByteChannel(
                                temp,
                                CREATE,
                                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                        var out = new GZIPOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                    Channels.newInputStream(in).transferTo(out);
                    out.finish();
                    if (channel instanceof FileChannel file) {
                        file.force(true);
                    }
                }
                if (!entry.unchanged()) {
                    throw new IOException("changed while being compressed; left as it is");
                }
                var size = SecureTree.attributesOf(dir, temp).size();
                if (size >= original.size()) {
                    return 0;
                }
                var view = dir.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                var current = view.readAttributes();
                // Owner first: a change of owner may clear permission bits. Only a change needs root.
                if (!current.owner().equals(original.owner())) {
                    view.setOwner(original.owner());
                }
                if (!current.group().equals(original.group())) {
                    view.setGroup(original.group());
                }
                view.setPermissions(original.permissions());
                view.setTimes(original.lastModifiedTime(), original.lastAccessTime(), null);
                refuseExisting(dir, target, entry.path());
                if (openFiles().holder(original.fileKey()).isPresent()) {
                    throw new IOException("opened while being compressed; left as it is");
                }
                dir.move(temp, dir, target);
                syncFolder(dir);
                if (!entry.unchanged()) {
                    dir.deleteFile(target);
                    throw new IOException("changed while being compressed; left as it is");
                }
                dir.deleteFile(entry.name());
                return original.size() - size;
            } finally {
                try {
                    dir.deleteFile(temp);
                } catch (NoSuchFileException renamed) {
                    // became the compressed copy
                }
            }
        }

        private static void refuseExisting(SecureDirectoryStream<Path> dir, Path target, Path original)
                throws IOException {
            try {
                SecureTree.attributesOf(dir, target);
            } catch (NoSuchFileException absent) {
                return;
            }
            throw new FileAlreadyExistsException(original + ".gz", null, "compressed copy already exists");
        }

        /** Makes the rename durable before the original is deleted. */
        private static void syncFolder(SecureDirectoryStream<Path> dir) throws IOException {
            try (var channel = dir.newByteChannel(Path.of("."), Set.of(StandardOpenOption.READ))) {
                if (channel instanceof FileChannel file) {
                    file.force(true);
                }
            }
        }
    }
}
