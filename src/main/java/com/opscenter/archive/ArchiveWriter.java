package com.opscenter.archive;

import static com.opscenter.archive.SourceWalker.HANDLE_ATTRIBUTES;
import static com.opscenter.archive.SourceWalker.S_IFDIR;
import static com.opscenter.archive.SourceWalker.S_IFIFO;
import static com.opscenter.archive.SourceWalker.S_IFLNK;
import static com.opscenter.archive.SourceWalker.S_IFMT;
import static com.opscenter.archive.SourceWalker.S_IFREG;
import static com.opscenter.archive.SourceWalker.checkCancelled;
import static com.opscenter.archive.SourceWalker.describe;

import com.opscenter.archive.SourceWalker.FileKey;
import com.opscenter.archive.crypt.ArchiveEncryption;
import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.archive.format.EntryType;
import com.opscenter.archive.format.Manifest;
import com.opscenter.archive.format.ManifestEntry;
import com.opscenter.archive.io.Digests;
import com.opscenter.archive.io.DirectoryHandles;
import com.opscenter.archive.io.DurableFiles;
import com.opscenter.archive.io.HashingOutputStream;
import com.opscenter.archive.io.WriteBehindOutputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadFactory;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes the entries of one archive: the tar of the walked sources, each file hashed on its way into the
 * compressor, the manifest collected in a temporary file and appended as the last entry. One instance per
 * archive; it holds the counters, the warnings and the open streams of that run.
 *
 * <p>An increment's unchanged files ({@link ReadAhead.Item#held}) get no tar entry, only a manifest line naming
 * the backup that holds their content. Every entry's line also goes to the local index ({@link IndexWriter}).
 *
 * <p>About 550 lines, on purpose: the two ways a file's content reaches the tar (read ahead, or read here for a
 * further name of a file whose first name could not be read) share this run's counters, digest and warnings.
 */
final class ArchiveWriter {

    private static final int BUFFER_SIZE = Archiver.BUFFER_SIZE;
    private static final long PROGRESS_EVERY_BYTES = 8L << 20;
    /**
     * Content archived at most before the pre-scan's totals are known; the archive waits for them there, so a
     * caller checking the free space against the first totals it is given does so before more than this (plus one
     * progress step) was written.
     */
    static final long ARCHIVED_BEFORE_TOTALS = 32L << 20;
    /** The compressed stream on its way to the unencrypted file: {@link #STORE_BUFFERS} waiting at most. */
    static final int STORE_BUFFER_SIZE = 256 << 10;

    static final int STORE_BUFFERS = 4;

    private final ArchiveSpec spec;
    private final ArchiveEncryption encryption;
    private final Archiver.ProgressListener listener;
    private final ThreadFactory threads;
    private final EngineOptions options;
    private final Clock clock;
    private final UnaryOperator<OutputStream> sinkDecorator;
    private final SourceWalker walker;
    private final OwnerNames owners = new OwnerNames();
    private final List<String> warnings = new ArrayList<>();
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private final MessageDigest fileDigest = Digests.sha256();
    private long bytesTotal;
    private long filesTotal;
    private long bytesDone;
    private long filesDone;
    private long lastReportedBytes;
    private long archiveSize;
    private String archiveSha256;
    private ReadAhead readAhead;
    private PendingTotals pendingTotals;
    private boolean totalsKnown;
    private boolean holdsFifo;
    private boolean holdsDump;
    /** The backups holding content of this increment (the {@code from} values written), oldest first. */
    private final TreeSet<String> dependsOn = new TreeSet<>(ArchiveWriter::compareIds);

    ArchiveWriter(
            ArchiveSpec spec,
            ArchiveEncryption encryption,
            Archiver.ProgressListener listener,
            ThreadFactory threads,
            EngineOptions options,
            Clock clock,
            UnaryOperator<OutputStream> sinkDecorator) {
        this.spec = spec;
        this.encryption = encryption;
        this.listener = listener;
        this.threads = threads;
        this.options = options;
        this.clock = clock;
        this.sinkDecorator = sinkDecorator;
        this.walker = new SourceWalker(spec);
    }

    /**
     * Writes the whole archive to {@code tmp} and the local index to {@code indexTmp}, both forced to disk; the
     * caller renames them into place.
     */
    void write(Path tmp, Path manifestTmp, Path indexTmp) throws IOException {
        // Reading ahead and the pre-scan start together; the archive is written while the pre-scan counts.
        readAhead = new ReadAhead(options.readers(), options.readAheadBytes(), walker::walkInto, threads);
        try (PendingTotals counting = new PendingTotals(() -> walker.prescan(options.readers(), threads), threads)) {
            pendingTotals = counting;
            writeArchive(tmp, manifestTmp, indexTmp);
        } finally {
            readAhead.close();
        }
    }

    long archiveSize() {
        return archiveSize;
    }

    String archiveSha256() {
        return archiveSha256;
    }

    long filesDone() {
        return filesDone;
    }

    long bytesDone() {
        return bytesDone;
    }

    List<String> warnings() {
        return warnings;
    }

    /** The backups an increment's unchanged files are held by, oldest first (empty for a full backup). */
    List<String> dependsOn() {
        return List.copyOf(dependsOn);
    }

    /** Ids name the time they were taken ({@code backup-YYYYMMDD-HHMMSS[-n]}); a suffix counts on within a second. */
    static int compareIds(String a, String b) {
        int byTime = a.substring(0, SECOND_ID_LENGTH).compareTo(b.substring(0, SECOND_ID_LENGTH));
        return byTime != 0 ? byTime : Long.compare(idSuffix(a), idSuffix(b));
    }

    private static final int SECOND_ID_LENGTH = "backup-YYYYMMDD-HHMMSS".length();

    private static long idSuffix(String id) {
        return id.length() == SECOND_ID_LENGTH ? 0 : Long.parseLong(id.substring(SECOND_ID_LENGTH + 1));
    }

    private void writeArchive(Path tmp, Path manifestTmp, Path indexTmp) throws IOException {
        try (ReadAhead ra = readAhead;
                IndexWriter index = new IndexWriter(indexTmp, spec.id(), spec.started(), threads);
                FileChannel channel = DurableFiles.createPrivate(tmp);
                Writer manifest = new BufferedWriter(
                        new OutputStreamWriter(
                                Channels.newOutputStream(DurableFiles.createPrivate(manifestTmp)),
                                StandardCharsets.UTF_8),
                        256 * 1024)) {
            HashingOutputStream digestOut = new HashingOutputStream(
                    new BufferedOutputStream(sinkDecorator.apply(Channels.newOutputStream(channel)), BUFFER_SIZE));
            // Encryption sits between compressor and file: it takes the compressed bytes, and the digest sees
            // the file as stored.
            // It runs on a thread of its own, beside tar and compression, so it adds little to a backup's time;
            // so do the digest and the writes of an unencrypted archive, which otherwise take the tar thread's time.
            OutputStream stored = encryption == null
                    ? new WriteBehindOutputStream(digestOut, STORE_BUFFER_SIZE, STORE_BUFFERS, threads)
                    : new WriteBehindOutputStream(
                            encryption.encrypt(digestOut, ArchiveFormat.archiveName(spec.id(), spec.codec())),
                            BUFFER_SIZE,
                            4,
                            threads);
            OutputStream compressed = spec.codec().compress(stored, spec.level(), threads);
            TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed, StandardCharsets.UTF_8.name());
            try {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                tar.setAddPaxHeadersForNonAsciiNames(true);
                Map<FileKey, String> hardLinks = new HashMap<>();
                for (ReadAhead.Item item; (item = readAhead.next()) != null; ) {
                    if (item.warning != null) {
                        warnings.add(item.warning);
                    } else if (item.path == null) {
                        hardLinks = new HashMap<>();
                    } else {
                        try {
                            archive(tar, manifest, index, hardLinks, item);
                        } finally {
                            readAhead.finished(item);
                        }
                    }
                }
                if (!totalsKnown) {
                    // Written before the count was done: the listener still gets the totals once.
                    awaitTotals();
                    report(null);
                }
                manifest.close();
                int version = manifestVersion();
                index.finish(version);
                appendManifest(tar, manifestTmp, version);
                tar.finish();
                tar.close();
            } catch (IOException | RuntimeException e) {
                // Closing the channel first makes the compressor's final flush fail fast instead of writing on.
                channel.close();
                closeQuietly(tar);
                throw e;
            }
            digestOut.flush();
            channel.force(true);
            archiveSize = digestOut.count();
            archiveSha256 = HexFormat.of().formatHex(digestOut.digest());
        }
    }

    private void archive(
            TarArchiveOutputStream tar,
            Writer manifest,
            IndexWriter index,
            Map<FileKey, String> hardLinks,
            ReadAhead.Item item)
            throws IOException {
        String name = item.name;
        Map<String, Object> attrs = item.attrs;
        int mode = (Integer) attrs.get("mode");
        int perms = mode & 07777;
        FileTime mtime = (FileTime) attrs.get("lastModifiedTime");
        long uid = (Integer) attrs.get("uid");
        long gid = (Integer) attrs.get("gid");
        owners.lookUp(uid, gid, (PosixFileAttributes) attrs.get(HANDLE_ATTRIBUTES));
        TarArchiveEntry entry;
        ManifestEntry line;
        switch (mode & S_IFMT) {
            case S_IFDIR -> {
                entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
                line = manifestEntry(name, EntryType.DIRECTORY, 0, perms, mtime, null, null, uid, gid, attrs);
                putEntry(tar, entry, perms, mtime, uid, gid);
                tar.closeArchiveEntry();
            }
            case S_IFLNK -> {
                String target = linkTarget(item);
                if (target == null) {
                    return;
                }
                entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                entry.setLinkName(target);
                line = manifestEntry(name, EntryType.SYMLINK, 0, perms, mtime, null, target, uid, gid, attrs);
                putEntry(tar, entry, perms, mtime, uid, gid);
                tar.closeArchiveEntry();
            }
            case S_IFREG -> {
                FileKey key = (Integer) attrs.get("nlink") > 1 ? FileKey.of(attrs) : null;
                String firstName = key == null ? null : hardLinks.get(key);
                if (firstName != null) {
                    entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
                    entry.setLinkName(firstName);
                    line = manifestEntry(name, EntryType.HARDLINK, 0, perms, mtime, null, firstName, uid, gid, attrs);
                    putEntry(tar, entry, perms, mtime, uid, gid);
                    tar.closeArchiveEntry();
                    filesDone++;
                    report(name);
                } else if (item.held != null) {
                    // Unchanged since the base: no tar entry, the manifest names the archive that holds it.
                    long size = (Long) attrs.get("size");
                    line = manifestEntry(name, EntryType.FILE, size, perms, mtime, null, null, uid, gid, attrs)
                            .heldBy(item.held.from(), item.held.source(), item.held.sha256());
                    dependsOn.add(item.held.from());
                    filesDone++;
                    bytesDone += size;
                    report(name);
                    if (key != null) {
                        hardLinks.put(key, name);
                    }
                } else {
                    line = item.job != null
                            ? archiveFile(tar, item.job, name, attrs, perms, mtime, uid, gid)
                            : archiveFile(tar, item, name, attrs, perms, mtime, uid, gid);
                    if (line == null) {
                        return;
                    }
                    if (key != null) {
                        hardLinks.put(key, name);
                    }
                }
            }
            case S_IFIFO -> {
                entry = new TarArchiveEntry(name, TarConstants.LF_FIFO);
                line = manifestEntry(name, EntryType.FIFO, 0, perms, mtime, null, null, uid, gid, attrs);
                putEntry(tar, entry, perms, mtime, uid, gid);
                tar.closeArchiveEntry();
                holdsFifo = true;
            }
            default -> {
                warnings.add(name + ": skipped, a device or socket (only files, folders, links and FIFOs are kept)");
                return;
            }
        }
        // Only the walker names entries so (ArchiveSpec.Source refuses the prefix): this is a dump.
        holdsDump |= name.startsWith(ArchiveFormat.DUMPS_PREFIX);
        manifest.write(Manifest.entryLine(line));
        manifest.write('\n');
        index.add(line);
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
            skipUnopenable(name, openFailure);
            return null;
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
            fileDigest.update(chunk.data, chunk.offset, n);
            tar.write(chunk.data, chunk.offset, n);
            readAhead.release(chunk);
            remaining -= n;
            bytesDone += n;
            if (bytesDone - lastReportedBytes >= PROGRESS_EVERY_BYTES) {
                report(name);
            }
        }
        // The reader looked at the file again when it had read it, off this thread.
        boolean changed = job.awaitDone();
        tar.closeArchiveEntry();
        return fileArchived(name, attrs, perms, mtime, uid, gid, changed);
    }

    /** Streams one file into the archive, hashing it on the way; null if it vanished before it was opened. */
    private ManifestEntry archiveFile(
            TarArchiveOutputStream tar,
            ReadAhead.Item item,
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
            in = item.dir != null
                    ? Channels.newInputStream(
                            DirectoryHandles.openFile(item.dir.handle(), item.leaf, attrs.get("fileKey")))
                    : Files.newInputStream(item.path, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            skipUnopenable(name, e);
            return null;
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
        changed |= SourceWalker.changedSince(item.dir, item.leaf, item.path, attrs);
        return fileArchived(name, attrs, perms, mtime, uid, gid, changed);
    }

    /**
     * A file that vanished, became a link or may not be read before its header was written is skipped with a
     * warning, whichever reader opened it; any other failure fails the backup.
     */
    private void skipUnopenable(String name, IOException failure) throws IOException {
        if (failure instanceof NoSuchFileException) {
            warnings.add(name + ": vanished before it was read");
        } else if (failure instanceof FileSystemException e
                && (e instanceof AccessDeniedException
                        || e instanceof DirectoryHandles.ReplacedException
                        || String.valueOf(e.getReason()).contains("symbolic links"))) {
            warnings.add(name + ": skipped, " + describe(e));
        } else {
            throw failure;
        }
    }

    /** Counts a file whose content is in the archive, warns if it changed while read, and describes it. */
    private ManifestEntry fileArchived(
            String name, Map<String, Object> attrs, int perms, FileTime mtime, long uid, long gid, boolean changed)
            throws IOException {
        long size = (Long) attrs.get("size");
        filesDone++;
        report(name);
        if (changed) {
            warnings.add(name + ": changed while being read");
        }
        String sha = HexFormat.of().formatHex(fileDigest.digest());
        return manifestEntry(name, EntryType.FILE, size, perms, mtime, sha, null, uid, gid, attrs);
    }

    /**
     * The target of a link, read by path (Java reads links by path only) and kept only if the path named the link
     * the folder's handle sees before and after: a path through a folder swapped meanwhile names another file.
     * Null, with a warning, if it did not.
     */
    private String linkTarget(ReadAhead.Item item) throws IOException {
        if (item.dir == null) {
            return Files.readSymbolicLink(item.path).toString();
        }
        Object key = item.attrs.get("fileKey");
        try {
            if (pathKey(item.path).equals(key)) {
                String target = Files.readSymbolicLink(item.path).toString();
                if (pathKey(item.path).equals(key)
                        && DirectoryHandles.attributesOf(item.dir.handle(), item.leaf)
                                .fileKey()
                                .equals(key)) {
                    return target;
                }
            }
            warnings.add(item.name + ": skipped, replaced while being read");
        } catch (NoSuchFileException | NotLinkException e) {
            warnings.add(item.name + ": skipped, replaced while being read");
        }
        return null;
    }

    private static Object pathKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
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
        entry.setUserName(owners.user(uid));
        entry.setGroupName(owners.group(gid));
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
            Map<String, Object> attrs) {
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
                        owners.userOrNull(uid),
                        owners.groupOrNull(gid))
                .withIdentity(
                        ((FileTime) attrs.get("ctime")).toInstant(), (Long) attrs.get("ino"), (Long) attrs.get("dev"));
    }

    /** An increment's is 4; a full backup's the lowest that describes it: it depends on a FIFO or dump archived. */
    private int manifestVersion() {
        if (spec.base() != null) {
            return ArchiveFormat.MANIFEST_VERSION_INCREMENTAL;
        }
        return holdsDump
                ? ArchiveFormat.MANIFEST_VERSION_WITH_DUMPS
                : holdsFifo ? ArchiveFormat.MANIFEST_VERSION_WITH_FIFOS : ArchiveFormat.MANIFEST_VERSION_WITHOUT_FIFOS;
    }

    /** The header line, written last but placed first. */
    private void appendManifest(TarArchiveOutputStream tar, Path manifestTmp, int version) throws IOException {
        byte[] header =
                (Manifest.headerLine(spec.id(), spec.started(), version) + "\n").getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(ArchiveFormat.MANIFEST_NAME, TarConstants.LF_NORMAL);
        entry.setSize(header.length + Files.size(manifestTmp));
        entry.setMode(0644);
        entry.setLastModifiedTime(FileTime.from(clock.instant()));
        tar.putArchiveEntry(entry);
        tar.write(header);
        try (InputStream in = Files.newInputStream(manifestTmp)) {
            in.transferTo(tar);
        }
        tar.closeArchiveEntry();
    }

    private void report(String current) throws IOException {
        lastReportedBytes = bytesDone;
        if (!totalsKnown && (pendingTotals.isDone() || bytesDone >= ARCHIVED_BEFORE_TOTALS)) {
            awaitTotals();
        }
        listener.onProgress(new Archiver.Progress(
                bytesDone,
                Math.max(bytesTotal, bytesDone),
                filesDone,
                Math.max(filesTotal, filesDone),
                current,
                totalsKnown));
    }

    private void awaitTotals() throws IOException {
        SourceWalker.Totals totals = pendingTotals.await();
        filesTotal = totals.files();
        bytesTotal = totals.bytes();
        totalsKnown = true;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing; the first error is the one to report
        }
    }
}
