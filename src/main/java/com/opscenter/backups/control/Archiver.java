package com.opscenter.backups.control;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes one backup: a POSIX/PAX tar of the sources, compressed with the chosen codec, with the manifest as
 * its last entry, a SHA-256 of the archive file, and the sidecar next to it. The archive appears under its
 * final name only once complete and on disk; on any failure the temporary files are removed.
 *
 * <p>Files in the backup folder: {@code <id>.tmp} (archive being written) and {@code <id>.manifest.tmp}
 * (manifest being collected) while running, then {@code <id><extension>} and {@code <id>.json}.
 */
public final class Archiver {

    public static final String MANIFEST_NAME = ".ops-center/manifest.jsonl";
    public static final String RESERVED_PREFIX = ".ops-center/";

    static final int BUFFER_SIZE = 1 << 20;
    private static final long PROGRESS_EVERY_BYTES = 8L << 20;
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    static final String STAT_ATTRIBUTES = "unix:mode,ino,dev,nlink,uid,gid,size,lastModifiedTime";
    /** Threads reading file contents ahead of the archiver thread, and the bytes they may hold in memory. */
    static final int READERS = Integer.getInteger("opscenter.backup.readers", 2);

    static final long READ_AHEAD_BYTES = 16L << 20;

    /** One tree to back up, stored in the archive under {@code archivePrefix} ({@code volumes/db}, ...). */
    public record Source(String archivePrefix, Path root) {
        public Source {
            Objects.requireNonNull(root, "root");
            if (archivePrefix == null
                    || archivePrefix.isEmpty()
                    || archivePrefix.startsWith("/")
                    || archivePrefix.endsWith("/")
                    || archivePrefix.split("/")[0].equals(".ops-center")
                    || List.of(archivePrefix.split("/", -1)).stream()
                            .anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
                throw new IllegalArgumentException("invalid archive prefix '" + archivePrefix + "'");
            }
        }
    }

    /** What to back up and how. {@code volumes} and {@code paths} are only recorded in the sidecar. */
    public record Request(
            String backupId,
            Path backupDir,
            List<Source> sources,
            List<String> excludePatterns,
            Codec codec,
            int level,
            String type,
            String description,
            Instant timestamp,
            List<String> volumes,
            List<String> paths) {

        public Request {
            if (!BackupIds.isValid(backupId)) {
                throw new IllegalArgumentException("invalid backup id '" + backupId + "'");
            }
            Objects.requireNonNull(backupDir, "backupDir");
            Objects.requireNonNull(codec, "codec");
            Objects.requireNonNull(timestamp, "timestamp");
            sources = List.copyOf(sources);
            excludePatterns = List.copyOf(excludePatterns == null ? List.of() : excludePatterns);
            volumes = List.copyOf(volumes == null ? List.of() : volumes);
            paths = List.copyOf(paths == null ? List.of() : paths);
            if (!codec.acceptsLevel(level)) {
                throw new IllegalArgumentException("level " + level + " is not valid for " + codec.configName());
            }
        }

        /** A manual gzip backup with no exclusions, taken now. */
        public static Request of(String backupId, Path backupDir, List<Source> sources) {
            return new Request(
                    backupId,
                    backupDir,
                    sources,
                    List.of(),
                    Codec.DEFAULT,
                    Codec.DEFAULT.defaultLevel(),
                    "manual",
                    null,
                    Instant.now(),
                    List.of(),
                    List.of());
        }

        public Request withCodec(Codec newCodec, int newLevel) {
            return new Request(
                    backupId,
                    backupDir,
                    sources,
                    excludePatterns,
                    newCodec,
                    newLevel,
                    type,
                    description,
                    timestamp,
                    volumes,
                    paths);
        }

        public Request withExcludes(List<String> patterns) {
            return new Request(
                    backupId, backupDir, sources, patterns, codec, level, type, description, timestamp, volumes, paths);
        }
    }

    /** Progress so far; the totals come from a metadata-only pre-scan and may drift if files change. */
    public record Progress(long bytesDone, long bytesTotal, long filesDone, long filesTotal, String currentEntry) {}

    @FunctionalInterface
    public interface ProgressListener {
        ProgressListener NONE = p -> {};

        void onProgress(Progress progress);
    }

    /** A finished backup. {@code warnings} lists files that changed while read or could not be read. */
    public record Result(Path archive, Path sidecarFile, BackupSidecar sidecar, List<String> warnings) {}

    private final Clock clock;
    private final UnaryOperator<OutputStream> sinkDecorator;

    public Archiver() {
        this(Clock.systemUTC(), UnaryOperator.identity());
    }

    public Archiver(Clock clock) {
        this(clock, UnaryOperator.identity());
    }

    /** {@code sinkDecorator} wraps the stream to the archive file: a seam for faults a test cannot cause. */
    Archiver(Clock clock, UnaryOperator<OutputStream> sinkDecorator) {
        this.clock = clock;
        this.sinkDecorator = sinkDecorator;
    }

    public static Path archivePath(Path backupDir, String backupId, Codec codec) {
        return backupDir.resolve(backupId + codec.extension());
    }

    public static Path tempArchivePath(Path backupDir, String backupId) {
        return backupDir.resolve(backupId + ".tmp");
    }

    static Path tempManifestPath(Path backupDir, String backupId) {
        return backupDir.resolve(backupId + ".manifest.tmp");
    }

    public Result create(Request request, ProgressListener listener) throws BackupFailedException {
        for (Source s : request.sources()) {
            if (!Files.exists(s.root(), LinkOption.NOFOLLOW_LINKS)) {
                throw new BackupFailedException(
                        BackupFailedException.Reason.SOURCE_MISSING,
                        "source " + s.root() + " (" + s.archivePrefix() + ") does not exist",
                        null);
            }
        }
        Path dir = request.backupDir();
        Path tmp = tempArchivePath(dir, request.backupId());
        Path manifestTmp = tempManifestPath(dir, request.backupId());
        Path archive = archivePath(dir, request.backupId(), request.codec());
        boolean success = false;
        try {
            if (Files.exists(archive, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("archive " + archive + " already exists");
            }
            Run run = new Run(request, listener, dir.toAbsolutePath().normalize());
            // Reading ahead starts now, so the sources are being read while the pre-scan counts them; nothing
            // is written before the pre-scan's totals are known.
            run.startReadAhead();
            try {
                run.prescan();
            } catch (IOException | RuntimeException e) {
                run.readAhead.close();
                throw e;
            }
            run.writeArchive(tmp, manifestTmp);
            DurableFiles.moveAtomically(tmp, archive);
            BackupSidecar sidecar = new BackupSidecar(
                    request.backupId(),
                    request.timestamp(),
                    clock.instant(),
                    request.type(),
                    request.description(),
                    request.codec(),
                    archive.getFileName().toString(),
                    run.archiveSize,
                    run.archiveSha256,
                    run.filesDone,
                    run.bytesDone,
                    request.volumes(),
                    request.paths(),
                    run.warnings.isEmpty() ? "completed" : "completed_with_warnings",
                    run.warnings);
            Path sidecarFile = sidecar.write(dir);
            success = true;
            return new Result(archive, sidecarFile, sidecar, List.copyOf(run.warnings));
        } catch (IOException | RuntimeException e) {
            throw classify(request, e);
        } finally {
            deleteQuietly(tmp);
            deleteQuietly(manifestTmp);
            if (!success) {
                deleteQuietly(archive);
                deleteQuietly(BackupSidecar.fileFor(dir, request.backupId()));
            }
        }
    }

    private static BackupFailedException classify(Request request, Exception e) {
        if (e instanceof BackupFailedException b) {
            return b;
        }
        String where = "backup " + request.backupId() + " in " + request.backupDir();
        if (isDiskFull(e)) {
            return new BackupFailedException(
                    BackupFailedException.Reason.DISK_FULL, "No space left on device while writing " + where, e);
        }
        if (e instanceof ClosedByInterruptException
                || e instanceof InterruptedIOException
                || Thread.currentThread().isInterrupted()) {
            return new BackupFailedException(BackupFailedException.Reason.CANCELLED, "cancelled " + where, e);
        }
        return new BackupFailedException(
                BackupFailedException.Reason.IO_ERROR, where + " failed: " + e.getMessage(), e);
    }

    private static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the caller's start-up cleanup removes leftovers by name
        }
    }

    /** One backup in progress: its counters, warnings and open streams. */
    private final class Run {
        private final Request request;
        private final ProgressListener listener;
        private final Path backupDirAbs;
        private final List<PathMatcher> nameMatchers = new ArrayList<>();
        private final List<PathMatcher> pathMatchers = new ArrayList<>();
        private final Map<Long, String> userNames = new HashMap<>();
        private final Map<Long, String> groupNames = new HashMap<>();
        private final List<String> warnings = new ArrayList<>();
        private final byte[] buffer = new byte[BUFFER_SIZE];
        private final MessageDigest fileDigest = sha256();
        private long bytesTotal;
        private long filesTotal;
        private long bytesDone;
        private long filesDone;
        private long lastReportedBytes;
        private long archiveSize;
        private String archiveSha256;
        private ReadAhead readAhead;

        Run(Request request, ProgressListener listener, Path backupDirAbs) {
            this.request = request;
            this.listener = listener;
            this.backupDirAbs = backupDirAbs;
            for (String pattern : request.excludePatterns()) {
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
                (pattern.contains("/") ? pathMatchers : nameMatchers).add(m);
            }
        }

        void prescan() throws IOException {
            for (Source source : request.sources()) {
                Map<FileKey, Boolean> seen = new HashMap<>();
                walk(source, null, (path, name, attrs) -> {
                    int mode = (Integer) attrs.get("mode");
                    if ((mode & S_IFMT) == S_IFREG) {
                        filesTotal++;
                        if ((Integer) attrs.get("nlink") <= 1 || seen.put(FileKey.of(attrs), Boolean.TRUE) == null) {
                            bytesTotal += (Long) attrs.get("size");
                        }
                    }
                });
            }
        }

        void writeArchive(Path tmp, Path manifestTmp) throws IOException {
            try (ReadAhead ra = readAhead;
                    FileChannel channel =
                            FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    Writer manifest = new BufferedWriter(
                            Files.newBufferedWriter(
                                    manifestTmp,
                                    StandardCharsets.UTF_8,
                                    StandardOpenOption.CREATE_NEW,
                                    StandardOpenOption.WRITE),
                            256 * 1024)) {
                ShieldedDigestStream digestOut = new ShieldedDigestStream(
                        new BufferedOutputStream(sinkDecorator.apply(Channels.newOutputStream(channel)), BUFFER_SIZE));
                OutputStream compressed = request.codec().compress(digestOut, request.level());
                TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed, StandardCharsets.UTF_8.name());
                try {
                    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                    tar.setAddPaxHeadersForNonAsciiNames(true);
                    manifest.write(ManifestEntry.headerLine(request.backupId(), request.timestamp()));
                    manifest.write('\n');
                    Map<FileKey, String> hardLinks = new HashMap<>();
                    for (ReadAhead.Item item; (item = readAhead.next()) != null; ) {
                        if (item.warning != null) {
                            warnings.add(item.warning);
                        } else if (item.path == null) {
                            hardLinks = new HashMap<>();
                        } else {
                            archive(tar, manifest, hardLinks, item);
                        }
                    }
                    manifest.close();
                    appendManifest(tar, manifestTmp);
                    tar.finish();
                    tar.close();
                } catch (IOException | RuntimeException e) {
                    // Closing the channel first makes the compressor's final flush fail fast instead of writing on.
                    channel.close();
                    closeQuietly(tar);
                    throw e;
                }
                digestOut.reallyFlush();
                channel.force(true);
                archiveSize = digestOut.count;
                archiveSha256 = HexFormat.of().formatHex(digestOut.digest.digest());
            }
        }

        private void archive(
                TarArchiveOutputStream tar, Writer manifest, Map<FileKey, String> hardLinks, ReadAhead.Item item)
                throws IOException {
            Path path = item.path;
            String name = item.name;
            Map<String, Object> attrs = item.attrs;
            int mode = (Integer) attrs.get("mode");
            int perms = mode & 07777;
            FileTime mtime = (FileTime) attrs.get("lastModifiedTime");
            long uid = (Integer) attrs.get("uid");
            long gid = (Integer) attrs.get("gid");
            lookUpOwnerNames(uid, gid, path);
            TarArchiveEntry entry;
            ManifestEntry line;
            switch (mode & S_IFMT) {
                case S_IFDIR -> {
                    entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
                    line = manifestEntry(name, EntryType.DIRECTORY, 0, perms, mtime, null, null, uid, gid, path);
                    putEntry(tar, entry, perms, mtime, uid, gid);
                    tar.closeArchiveEntry();
                }
                case S_IFLNK -> {
                    String target = Files.readSymbolicLink(path).toString();
                    entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                    entry.setLinkName(target);
                    line = manifestEntry(name, EntryType.SYMLINK, 0, perms, mtime, null, target, uid, gid, path);
                    putEntry(tar, entry, perms, mtime, uid, gid);
                    tar.closeArchiveEntry();
                }
                case S_IFREG -> {
                    FileKey key = (Integer) attrs.get("nlink") > 1 ? FileKey.of(attrs) : null;
                    String firstName = key == null ? null : hardLinks.get(key);
                    if (firstName != null) {
                        entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
                        entry.setLinkName(firstName);
                        line = manifestEntry(
                                name, EntryType.HARDLINK, 0, perms, mtime, null, firstName, uid, gid, path);
                        putEntry(tar, entry, perms, mtime, uid, gid);
                        tar.closeArchiveEntry();
                        filesDone++;
                        report(name);
                    } else {
                        line = item.job != null
                                ? archiveFile(tar, item.job, name, attrs, perms, mtime, uid, gid)
                                : archiveFile(tar, path, name, attrs, perms, mtime, uid, gid);
                        if (line == null) {
                            return;
                        }
                        if (key != null) {
                            hardLinks.put(key, name);
                        }
                    }
                }
                default -> {
                    warnings.add(name + ": skipped, not a regular file, directory or symlink");
                    return;
                }
            }
            manifest.write(line.toJsonLine());
            manifest.write('\n');
        }

        /** Like the other archiveFile, with the content read ahead by {@link ReadAhead}'s reader threads. */
        private ManifestEntry archiveFile(
                TarArchiveOutputStream tar,
                ReadAhead.FileJob job,
                String name,
                Map<String, Object> attrs,
                int perms,
                FileTime mtime,
                long uid,
                long gid)
                throws IOException {
            long size = (Long) attrs.get("size");
            readAhead.startConsuming(job);
            IOException openFailure = job.awaitOpened();
            if (openFailure != null) {
                if (openFailure instanceof NoSuchFileException) {
                    warnings.add(name + ": vanished before it was read");
                    return null;
                }
                if (openFailure instanceof FileSystemException e
                        && (e instanceof AccessDeniedException
                                || String.valueOf(e.getReason()).contains("symbolic links"))) {
                    warnings.add(name + ": skipped, " + describe(e));
                    return null;
                }
                throw openFailure;
            }
            fileDigest.reset();
            TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            entry.setSize(size);
            putEntry(tar, entry, perms, mtime, uid, gid);
            long remaining = size;
            while (remaining > 0) {
                checkCancelled();
                ReadAhead.Chunk chunk = job.take();
                int n = (int) Math.min(chunk.length, remaining);
                fileDigest.update(chunk.data, 0, n);
                tar.write(chunk.data, 0, n);
                readAhead.release(chunk);
                remaining -= n;
                bytesDone += n;
                if (bytesDone - lastReportedBytes >= PROGRESS_EVERY_BYTES) {
                    report(name);
                }
            }
            boolean changed = job.awaitDone();
            tar.closeArchiveEntry();
            filesDone++;
            report(name);
            try {
                Map<String, Object> after = Files.readAttributes(job.path, STAT_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                changed |= (Long) after.get("size") != size || !mtime.equals(after.get("lastModifiedTime"));
            } catch (NoSuchFileException e) {
                changed = true;
            }
            if (changed) {
                warnings.add(name + ": changed while being read");
            }
            String sha = HexFormat.of().formatHex(fileDigest.digest());
            return manifestEntry(name, EntryType.FILE, size, perms, mtime, sha, null, uid, gid, job.path);
        }

        void startReadAhead() {
            readAhead = new ReadAhead(READERS, READ_AHEAD_BYTES, this::walkInto);
        }

        /** Runs on ReadAhead's walker thread: the same walk as ever, its results queued in order. */
        private void walkInto(ReadAhead ra) throws IOException {
            boolean first = true;
            for (Source source : request.sources()) {
                if (!first) {
                    ra.addSourceBoundary();
                }
                first = false;
                Map<FileKey, Boolean> seen = new HashMap<>();
                walk(source, ra::addWarning, (path, name, attrs) -> {
                    int mode = (Integer) attrs.get("mode");
                    boolean readIt = (mode & S_IFMT) == S_IFREG
                            && ((Integer) attrs.get("nlink") <= 1 || seen.put(FileKey.of(attrs), Boolean.TRUE) == null);
                    ra.addEntry(path, name, attrs, readIt ? (Long) attrs.get("size") : -1);
                });
            }
        }

        /** Streams one file into the archive, hashing it on the way; null if it vanished before it was opened. */
        private ManifestEntry archiveFile(
                TarArchiveOutputStream tar,
                Path path,
                String name,
                Map<String, Object> attrs,
                int perms,
                FileTime mtime,
                long uid,
                long gid)
                throws IOException {
            long size = (Long) attrs.get("size");
            InputStream in;
            try {
                // Opened before the header is written, so a file that vanished or became a link is just skipped.
                in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                warnings.add(name + ": vanished before it was read");
                return null;
            } catch (FileSystemException e) {
                if (e instanceof AccessDeniedException
                        || String.valueOf(e.getReason()).contains("symbolic links")) {
                    warnings.add(name + ": skipped, " + describe(e));
                    return null;
                }
                throw e;
            }
            boolean changed = false;
            fileDigest.reset();
            try (in) {
                TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
                entry.setSize(size);
                putEntry(tar, entry, perms, mtime, uid, gid);
                long remaining = size;
                while (remaining > 0) {
                    checkCancelled();
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                    if (n < 0) {
                        // Shrunk while read: pad with zeros so the tar stays well-formed; the hash covers the pad.
                        changed = true;
                        Arrays.fill(buffer, (byte) 0);
                        n = (int) Math.min(buffer.length, remaining);
                    }
                    fileDigest.update(buffer, 0, n);
                    tar.write(buffer, 0, n);
                    remaining -= n;
                    bytesDone += n;
                    if (bytesDone - lastReportedBytes >= PROGRESS_EVERY_BYTES) {
                        report(name);
                    }
                }
                if (in.read() >= 0) {
                    changed = true;
                }
                tar.closeArchiveEntry();
            }
            filesDone++;
            report(name);
            try {
                Map<String, Object> after = Files.readAttributes(path, STAT_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                changed |= (Long) after.get("size") != size || !mtime.equals(after.get("lastModifiedTime"));
            } catch (NoSuchFileException e) {
                changed = true;
            }
            if (changed) {
                warnings.add(name + ": changed while being read");
            }
            String sha = HexFormat.of().formatHex(fileDigest.digest());
            return manifestEntry(name, EntryType.FILE, size, perms, mtime, sha, null, uid, gid, path);
        }

        private void putEntry(
                TarArchiveOutputStream tar, TarArchiveEntry entry, int perms, FileTime mtime, long uid, long gid)
                throws IOException {
            entry.setMode(perms);
            entry.setLastModifiedTime(mtime);
            Instant t = mtime.toInstant();
            if (t.getNano() != 0 && t.getEpochSecond() >= 0) {
                // The ustar header holds whole seconds; a PAX record keeps the nanoseconds, as GNU tar does.
                entry.addPaxHeader("mtime", t.getEpochSecond() + "." + String.format("%09d", t.getNano()));
            }
            entry.setUserId(uid);
            entry.setGroupId(gid);
            entry.setUserName(userNames.getOrDefault(uid, ""));
            entry.setGroupName(groupNames.getOrDefault(gid, ""));
            tar.putArchiveEntry(entry);
        }

        private ManifestEntry manifestEntry(
                String name,
                EntryType type,
                long size,
                int perms,
                FileTime mtime,
                String sha,
                String target,
                long uid,
                long gid,
                Path path) {
            return new ManifestEntry(
                    name,
                    type,
                    size,
                    perms,
                    mtime.toInstant(),
                    sha,
                    target,
                    uid,
                    gid,
                    userNames.get(uid),
                    groupNames.get(gid));
        }

        /** Owner names are looked up once per id: a passwd lookup per file would cost more than the stat. */
        private void lookUpOwnerNames(long uid, long gid, Path path) {
            if (!userNames.containsKey(uid)) {
                userNames.put(uid, principalName(path, "posix:owner"));
            }
            if (!groupNames.containsKey(gid)) {
                groupNames.put(gid, principalName(path, "posix:group"));
            }
        }

        private String principalName(Path path, String attribute) {
            try {
                String n = ((UserPrincipal) Files.getAttribute(path, attribute, LinkOption.NOFOLLOW_LINKS)).getName();
                // An id without a passwd entry comes back as the number itself; tar then leaves the name empty.
                return n.chars().allMatch(Character::isDigit) ? "" : n;
            } catch (IOException | RuntimeException e) {
                return "";
            }
        }

        private void appendManifest(TarArchiveOutputStream tar, Path manifestTmp) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry(MANIFEST_NAME, TarConstants.LF_NORMAL);
            entry.setSize(Files.size(manifestTmp));
            entry.setMode(0644);
            entry.setLastModifiedTime(FileTime.from(clock.instant()));
            tar.putArchiveEntry(entry);
            try (InputStream in = Files.newInputStream(manifestTmp)) {
                in.transferTo(tar);
            }
            tar.closeArchiveEntry();
        }

        private void report(String current) {
            lastReportedBytes = bytesDone;
            listener.onProgress(new Progress(
                    bytesDone, Math.max(bytesTotal, bytesDone), filesDone, Math.max(filesTotal, filesDone), current));
        }

        /** Depth-first, sorted, never following links; the backup folder itself is never descended into. */
        private void walk(Source source, java.util.function.Consumer<String> warn, Visitor visitor) throws IOException {
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
    }

    private static String describe(FileSystemException e) {
        return e.getReason() != null
                ? e.getReason().toLowerCase(Locale.ROOT)
                : e.getClass().getSimpleName();
    }

    private static void checkCancelled() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("backup interrupted");
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing; the first error is the one to report
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    @FunctionalInterface
    private interface Visitor {
        void visit(Path path, String name, Map<String, Object> attrs) throws IOException;
    }

    /** Identity of an inode, to store a second name of a file as a hard link. */
    private record FileKey(long dev, long ino) {
        static FileKey of(Map<String, Object> attrs) {
            return new FileKey((Long) attrs.get("dev"), (Long) attrs.get("ino"));
        }
    }

    /**
     * Counts and hashes the compressed bytes on their way to the file. Closing only flushes, because the
     * compressor's close must not close the channel that still has to be forced to disk.
     */
    private static final class ShieldedDigestStream extends FilterOutputStream {
        final MessageDigest digest = sha256();
        long count;

        ShieldedDigestStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }

        void reallyFlush() throws IOException {
            out.flush();
        }
    }
}
