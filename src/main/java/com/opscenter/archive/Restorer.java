package com.opscenter.archive;

import com.opscenter.archive.crypt.ArchiveKeyException;
import com.opscenter.archive.crypt.ArchiveKeys;
import com.opscenter.archive.crypt.OpenPgp;
import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.archive.format.BackupSidecar;
import com.opscenter.archive.format.EntryType;
import com.opscenter.archive.format.Manifest;
import com.opscenter.archive.format.ManifestEntry;
import com.opscenter.archive.io.DirectoryHandles;
import com.opscenter.archive.io.DurableFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Extracts an archive, treating it as untrusted. Everything is written into a fresh private folder next to the
 * destination and moved into place only when the whole archive was accepted, so a rejected or failed restore
 * leaves nothing behind. Symlinks are restored exactly as stored, whatever they point at, but created last and
 * never with an entry beneath them, so no entry can be written through a link.
 */
public final class Restorer {

    /** Limits enforced while streaming, and whether the archive must carry the manifest (ours always do). */
    public record Policy(long maxTotalBytes, long maxEntries, int maxNameBytes, boolean requireManifest) {
        public static Policy defaults() {
            return new Policy(4L << 40, 10_000_000L, 4096, true);
        }

        public Policy withMaxTotalBytes(long bytes) {
            return new Policy(bytes, maxEntries, maxNameBytes, requireManifest);
        }

        public Policy withMaxEntries(long entries) {
            return new Policy(maxTotalBytes, entries, maxNameBytes, requireManifest);
        }

        public Policy withMaxNameBytes(int bytes) {
            return new Policy(maxTotalBytes, maxEntries, bytes, requireManifest);
        }

        public Policy withRequireManifest(boolean required) {
            return new Policy(maxTotalBytes, maxEntries, maxNameBytes, required);
        }
    }

    public record Result(Path destination, long entries, long files, long bytes) {}

    /**
     * One entry for a preview; {@code type} is null for kinds a restore refuses (devices, ...). {@code from} names
     * the earlier backup whose archive holds the file's content, for a file an increment did not store itself; it
     * is null for everything in the archive listed.
     */
    public record ContentEntry(String path, EntryType type, long size, Instant mtime, String linkTarget, String from) {
        public ContentEntry(String path, EntryType type, long size, Instant mtime, String linkTarget) {
            this(path, type, size, mtime, linkTarget, null);
        }
    }

    /** How many bytes a folder's file system can still take; a seam for tests of a full disk. */
    @FunctionalInterface
    interface SpaceProbe {
        long usableBytes(Path folder) throws IOException;
    }

    /** Per file on top of its content: the file system's allocation granule, roughly. */
    static final long PER_FILE_OVERHEAD = 4096;

    private static final String OLD_MARK = ".restore-old-";

    /** {@code .<name>.restore-old-<nanos>} (group 2 set) or {@code .<name>.restore-tmp-<random>}. */
    private static final Pattern LEFTOVER = Pattern.compile("\\.(.+)\\.restore-(?:(old)-(-?\\d+)|tmp-\\d+)");

    private static final SpaceProbe FILE_STORE =
            folder -> Files.getFileStore(folder).getUsableSpace();

    private final ThreadFactory threads;
    private final Policy policy;
    private final SpaceProbe space;
    private final ArchiveKeys keys;
    /** Whether files are created and written through libc where it loads ({@link FolderHandle}). */
    private final boolean viaLibc;

    /** Decompression runs ahead on a thread from {@code threads}. */
    public Restorer(ThreadFactory threads) {
        this(threads, Policy.defaults());
    }

    public Restorer(ThreadFactory threads, Policy policy) {
        this(threads, policy, FILE_STORE);
    }

    /** {@code keys} open encrypted archives ({@link ArchiveKeyException} when none of them does). */
    public Restorer(ThreadFactory threads, ArchiveKeys keys) {
        this(threads, Policy.defaults(), FILE_STORE, keys);
    }

    Restorer(ThreadFactory threads, Policy policy, SpaceProbe space) {
        this(threads, policy, space, ArchiveKeys.NONE);
    }

    Restorer(ThreadFactory threads, Policy policy, SpaceProbe space, ArchiveKeys keys) {
        this(threads, policy, space, keys, true);
    }

    private Restorer(ThreadFactory threads, Policy policy, SpaceProbe space, ArchiveKeys keys, boolean viaLibc) {
        this.threads = Objects.requireNonNull(threads, "threads");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.space = Objects.requireNonNull(space, "space");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.viaLibc = viaLibc;
    }

    /** The same restorer writing files through the JDK only, as it does where libc calls do not load (tests). */
    Restorer throughJdkOnly() {
        return new Restorer(threads, policy, space, keys, false);
    }

    /** Restores the whole archive into {@code destination}, which must not exist or be an empty folder. */
    public Result restore(Path archive, Path destination) throws IOException {
        return restore(archive, null, destination);
    }

    /**
     * Restores the entries under {@code prefix} (such as {@code volumes/db}), with the prefix stripped, into
     * {@code destination}, which must not exist or be an empty folder. A null prefix restores everything.
     */
    public Result restore(Path archive, String prefix, Path destination) throws IOException {
        return restore(archive, prefix, destination, HoldingArchives.NONE);
    }

    /**
     * As {@link #restore(Path, String, Path)}; an increment's files that earlier backups hold are read from their
     * archives, as {@code holdings} gives them (each one read once, for the files this restore needs).
     */
    public Result restore(Path archive, String prefix, Path destination, HoldingArchives holdings) throws IOException {
        return restoreInto(archive, prefix, null, destination, holdings);
    }

    /**
     * Restores only the {@code selection} (from {@link #select} on this archive) into {@code destination}, under
     * the paths the archive has them ({@code volumes/db/docs/...}); the folders above a selected path come with
     * their own metadata and nothing else of them. A hard link whose target is outside the selection comes out as
     * the file with that content. Refuses, with nothing written, a selection naming a path the archive lacks.
     */
    public Result restoreSelection(Path archive, Selection selection, Path destination, HoldingArchives holdings)
            throws IOException {
        Objects.requireNonNull(selection, "selection");
        if (!selection.missing().isEmpty()) {
            throw new RestoreRejectedException(null, "the archive holds no " + String.join(", ", selection.missing()));
        }
        return restoreInto(archive, null, selection, destination, holdings);
    }

    private Result restoreInto(
            Path archive, String prefix, Selection selection, Path destination, HoldingArchives holdings)
            throws IOException {
        Objects.requireNonNull(holdings, "holdings");
        Path dest = destination.toAbsolutePath().normalize();
        if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS) && !isEmptyDirectory(dest)) {
            throw new RestoreRejectedException(null, "destination " + dest + " exists and is not an empty folder");
        }
        DurableFiles.createPrivateDirectories(dest.getParent());
        Path staging = Files.createTempDirectory(dest.getParent(), "." + dest.getFileName() + ".restore-tmp-");
        try {
            if (selection == null) {
                checkSpace(archive, prefix, staging);
            } else {
                checkSpace(selection.bytes() + selection.files() * PER_FILE_OVERHEAD, staging);
            }
            Result result = extract(archive, prefix, selection, staging, null, holdings);
            DirectoryHandles.syncTree(staging);
            if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(dest);
            }
            Files.move(staging, dest, StandardCopyOption.ATOMIC_MOVE);
            DurableFiles.fsyncDirectory(dest.getParent());
            return new Result(dest, result.entries(), result.files(), result.bytes());
        } catch (IOException | RuntimeException e) {
            DurableFiles.deleteRecursively(staging);
            throw e;
        }
    }

    /**
     * Replaces {@code volumeDir} by the archive's entries under {@code prefix}: they are extracted into a sibling
     * {@code .<name>.restore-tmp-*} folder, and only when that fully succeeded, and is on disk, is it swapped in:
     * the volume is renamed to {@code .<name>.restore-old-*}, the new tree to the volume, each rename flushed, and
     * the old contents removed through folder handles. On any failure the volume is left exactly as it was; after
     * a crash at any point, {@link #recoverInterrupted} leaves the old or the new volume.
     */
    public Result restoreInPlace(Path archive, String prefix, Path volumeDir) throws IOException {
        return restoreInPlace(archive, prefix, volumeDir, HoldingArchives.NONE);
    }

    /** As {@link #restoreInPlace(Path, String, Path)}, reading held files of an increment through {@code holdings}. */
    public Result restoreInPlace(Path archive, String prefix, Path volumeDir, HoldingArchives holdings)
            throws IOException {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(holdings, "holdings");
        Path volume = volumeDir.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(volume)) {
            throw new RestoreRejectedException(null, "volume folder " + volume + " is a symlink");
        }
        Path parent = volume.getParent();
        Path staging = Files.createTempDirectory(parent, "." + volume.getFileName() + ".restore-tmp-");
        Path old = null;
        try {
            checkSpace(archive, prefix, staging);
            Result result = extract(
                    archive,
                    prefix,
                    null,
                    staging,
                    Files.isDirectory(volume, LinkOption.NOFOLLOW_LINKS) ? volume : null,
                    holdings);
            // The new tree is durable before the old one is moved: from here a crash leaves one of them whole.
            DirectoryHandles.syncTree(staging);
            if (Files.exists(volume, LinkOption.NOFOLLOW_LINKS)) {
                old = parent.resolve("." + volume.getFileName() + OLD_MARK + System.nanoTime());
                DurableFiles.moveAtomically(volume, old);
            }
            try {
                Files.move(staging, volume, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (old != null) {
                    Files.move(old, volume, StandardCopyOption.ATOMIC_MOVE);
                    old = null;
                }
                throw e;
            }
            DurableFiles.fsyncDirectory(parent);
            if (old != null) {
                try {
                    DirectoryHandles.deleteTree(old);
                } catch (IOException e) {
                    // The restore is done; the old tree next to the volume goes at the next start-up.
                }
            }
            return new Result(volume, result.entries(), result.files(), result.bytes());
        } catch (IOException | RuntimeException e) {
            DurableFiles.deleteRecursively(staging);
            throw e;
        }
    }

    /**
     * Settles what an in-place restore of {@code volumeDir} left when the process died in it, from the folders next
     * to it: an unfinished {@code .<name>.restore-tmp-*} is removed; with the volume missing, its one
     * {@code .<name>.restore-old-*} is put back (the crash came between the two renames); with the volume in place,
     * the swap completed and the old contents are removed. Removal goes through folder handles, never through a
     * link. Returns what was done, one sentence each, for the log.
     */
    public static List<String> recoverInterrupted(Path volumeDir) throws IOException {
        Path volume = volumeDir.toAbsolutePath().normalize();
        Path parent = volume.getParent();
        String name = volume.getFileName().toString();
        List<Path> olds = new ArrayList<>();
        List<Path> stagings = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(parent)) {
            for (Path p : s) {
                Matcher m = LEFTOVER.matcher(p.getFileName().toString());
                if (m.matches() && m.group(1).equals(name)) {
                    (m.group(2) != null ? olds : stagings).add(p);
                }
            }
        }
        List<String> done = new ArrayList<>();
        for (Path staging : stagings) {
            DirectoryHandles.deleteTree(staging);
            done.add("removed " + staging + ", a restore into " + volume + " that did not finish");
        }
        olds.sort(null);
        if (Files.exists(volume, LinkOption.NOFOLLOW_LINKS)) {
            for (Path old : olds) {
                DirectoryHandles.deleteTree(old);
                done.add("removed " + old + ", the contents " + volume + " had before a completed restore");
            }
        } else if (olds.size() == 1) {
            DurableFiles.moveAtomically(olds.get(0), volume);
            done.add("put " + olds.get(0) + " back as " + volume + ": its restore stopped before the new contents"
                    + " were in place");
        } else if (olds.size() > 1) {
            done.add("left " + olds + " alone: " + volume + " is missing and several earlier versions of it exist;"
                    + " choose one by hand");
        }
        return done;
    }

    /** {@link #recoverInterrupted} for every volume or restore destination with leftovers in {@code folder}. */
    public static List<String> recoverFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder)) {
            for (Path p : s) {
                Matcher m = LEFTOVER.matcher(p.getFileName().toString());
                if (m.matches()) {
                    names.add(m.group(1));
                }
            }
        }
        List<String> done = new ArrayList<>();
        for (String name : names) {
            done.addAll(recoverInterrupted(folder.resolve(name)));
        }
        return done;
    }

    /**
     * Refuses up front a restore whose expanded size, as the sidecar next to the archive records it, does not fit.
     * The sidecar counts the whole backup, so it decides only when the restore takes all of it (or the backup
     * holds a single source); otherwise, and without a sidecar, the extraction checks file by file.
     */
    private void checkSpace(Path archive, String prefix, Path staging) throws IOException {
        BackupSidecar sidecar = sidecarOf(archive);
        if (sidecar == null
                || (prefix != null && sidecar.volumes().size() + sidecar.paths().size() != 1)) {
            return;
        }
        checkSpace(sidecar.totalBytes() + sidecar.filesCount() * PER_FILE_OVERHEAD, staging);
    }

    private void checkSpace(long needed, Path staging) throws IOException {
        long available = space.usableBytes(staging);
        if (needed > available) {
            throw new InsufficientSpaceException(null, needed, available);
        }
    }

    /** The sidecar of an archive of ours, if it lies next to it and describes it; null otherwise. */
    private static BackupSidecar sidecarOf(Path archive) {
        String stored = archive.getFileName().toString();
        String file = stored.endsWith(OpenPgp.SUFFIX)
                ? stored.substring(0, stored.length() - OpenPgp.SUFFIX.length())
                : stored;
        for (Codec codec : Codec.values()) {
            if (!file.endsWith(codec.extension())) {
                continue;
            }
            String id = file.substring(0, file.length() - codec.extension().length());
            Path sidecarFile =
                    ArchiveFormat.sidecarPath(archive.toAbsolutePath().getParent(), id);
            if (!ArchiveFormat.isValidId(id) || !Files.isRegularFile(sidecarFile)) {
                continue;
            }
            try {
                BackupSidecar sidecar = BackupSidecar.read(sidecarFile);
                if (sidecar.describesOwnArchive() && sidecar.archiveFile().equals(stored)) {
                    return sidecar;
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable sidecar only means no early check; the extraction still checks file by file
            }
        }
        return null;
    }

    /**
     * What the archive holds, without the manifest, for a preview before restoring. For an increment: the whole
     * tree its manifest lists, files that earlier backups hold included (with {@link ContentEntry#from}).
     */
    public List<ContentEntry> listContents(Path archive) throws IOException {
        return listContents(archive, 0, Integer.MAX_VALUE).entries();
    }

    /** One page of an archive's entries and how many there are in all. */
    public record ContentPage(List<ContentEntry> entries, long total) {}

    /**
     * The entries from {@code offset}, at most {@code limit} of them. The whole archive is read (the total needs
     * it), but only the page is kept, so a listing of millions of entries takes no more memory than one page.
     * An increment is listed from its manifest, the last entry: what the archive's own entries gave is dropped
     * then and the page taken again from the manifest's lines.
     */
    public ContentPage listContents(Path archive, long offset, int limit) throws IOException {
        Pager pager = new Pager(offset, limit);
        list(archive, pager);
        return new ContentPage(pager.page, pager.seen);
    }

    /**
     * Reads the archive once to check a selection of it and plan its restore: which of {@code paths} it does not
     * hold ({@link Selection#missing()}, nothing is written either way), which earlier backups hold files it
     * needs, and which files outside it its hard links name. {@code paths} must pass
     * {@link Selection#problemWith(java.util.Collection)} (IllegalArgumentException otherwise).
     */
    public Selection select(Path archive, java.util.Collection<String> paths) throws IOException {
        Selection.Builder builder = new Selection.Builder(paths);
        boolean[] incremental = {false};
        list(archive, new EntrySink() {
            long seen;

            @Override
            public void reset() {
                builder.reset();
                seen = 0;
                incremental[0] = true;
            }

            @Override
            public void add(ContentEntry entry) throws RestoreRejectedException {
                if (++seen > policy.maxEntries()) {
                    throw new RestoreRejectedException(
                            null, "archive holds more than " + policy.maxEntries() + " entries");
                }
                builder.add(entry);
            }
        });
        return builder.build(incremental[0]);
    }

    /** Where a listing goes, entry by entry; reset when an increment's manifest replaces the archive's entries. */
    private interface EntrySink {
        void reset();

        void add(ContentEntry entry) throws RestoreRejectedException;
    }

    private void list(Path archive, EntrySink pager) throws IOException {
        try (ArchiveInput tar = open(archive)) {
            TarArchiveEntry entry;
            while ((entry = nextEntry(tar)) != null) {
                String name = EntryNames.stripSlash(entry.getName());
                if (name.equals(ArchiveFormat.MANIFEST_NAME)) {
                    if (listIncrement(tar, pager)) {
                        break;
                    }
                    continue;
                }
                if (name.startsWith(ArchiveFormat.RESERVED_PREFIX)) {
                    continue;
                }
                EntryType type = EntryNames.typeOf(entry);
                boolean link = type == EntryType.SYMLINK || type == EntryType.HARDLINK;
                pager.add(new ContentEntry(
                        name,
                        type,
                        type == EntryType.FILE ? entry.getSize() : 0,
                        entry.getLastModifiedTime().toInstant(),
                        link ? entry.getLinkName() : null));
            }
        }
    }

    /** Keeps one page of a listing and counts all of it, refusing more entries than the policy allows. */
    private final class Pager implements EntrySink {
        private final long offset;
        private final int limit;
        private List<ContentEntry> page;
        private long seen;

        Pager(long offset, int limit) {
            this.offset = offset;
            this.limit = limit;
            reset();
        }

        @Override
        public void reset() {
            page = new ArrayList<>(Math.min(limit, 1024));
            seen = 0;
        }

        @Override
        public void add(ContentEntry entry) throws RestoreRejectedException {
            if (seen >= policy.maxEntries()) {
                throw new RestoreRejectedException(null, "archive holds more than " + policy.maxEntries() + " entries");
            }
            long index = seen++;
            if (index >= offset && index - offset < limit) {
                page.add(entry);
            }
        }
    }

    /**
     * Reads the manifest at the tar's current entry; for an increment's, lists the tree from it (true). Any other
     * manifest is left alone (false): the archive's own entries are the listing.
     */
    private boolean listIncrement(ArchiveInput input, EntrySink pager) throws IOException {
        BufferedReader lines = manifestReader(input);
        ManifestLines.Header header = header(lines);
        if (header == null || !header.incremental()) {
            return false;
        }
        pager.reset();
        ManifestEntry e;
        long[] lineNumber = {1};
        while ((e = nextManifestEntry(lines, lineNumber)) != null) {
            boolean link = e.type() == EntryType.SYMLINK || e.type() == EntryType.HARDLINK;
            pager.add(new ContentEntry(
                    e.path(),
                    e.type(),
                    e.type() == EntryType.FILE ? e.size() : 0,
                    e.mtime(),
                    link ? e.target() : null,
                    e.from()));
        }
        return true;
    }

    private static BufferedReader manifestReader(ArchiveInput input) {
        // Not closed: that would close the tar; it ends with the manifest entry.
        return new BufferedReader(new InputStreamReader(input.tar(), StandardCharsets.UTF_8), 1 << 16);
    }

    /** The manifest's header, from its first line; null when the first line is not one. */
    private static ManifestLines.Header header(BufferedReader lines) throws RestoreRejectedException {
        try {
            String first = ManifestLines.readBoundedLine(lines);
            return first == null ? null : ManifestLines.header(first);
        } catch (IOException | IllegalArgumentException e) {
            throw new RestoreRejectedException(ArchiveFormat.MANIFEST_NAME, "unreadable: " + e.getMessage(), e);
        }
    }

    /** The next entry line of a manifest; null at its end. */
    private static ManifestEntry nextManifestEntry(BufferedReader lines, long[] lineNumber)
            throws RestoreRejectedException {
        while (true) {
            String line;
            try {
                line = ManifestLines.readBoundedLine(lines);
            } catch (IOException e) {
                throw new RestoreRejectedException(ArchiveFormat.MANIFEST_NAME, "unreadable: " + e.getMessage(), e);
            }
            if (line == null) {
                return null;
            }
            lineNumber[0]++;
            ManifestEntry e;
            try {
                e = Manifest.parseLine(line);
            } catch (IllegalArgumentException ex) {
                throw new RestoreRejectedException(
                        ArchiveFormat.MANIFEST_NAME, "line " + lineNumber[0] + " is malformed: " + ex.getMessage());
            }
            if (e == null) {
                throw new RestoreRejectedException(
                        ArchiveFormat.MANIFEST_NAME, "line " + lineNumber[0] + " is a second header");
            }
            return e;
        }
    }

    private ArchiveInput open(Path archive) throws IOException {
        try {
            // Decompression runs on its own thread, ahead of tar parsing and writing.
            return ArchiveInput.open(archive, threads, keys);
        } catch (ArchiveKeyException e) {
            throw e;
        } catch (ArchiveLimitException e) {
            throw new RestoreRejectedException(null, e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new RestoreRejectedException(null, "archive is corrupt: " + e.getMessage(), e);
        }
    }

    /** A file of an increment that an earlier backup holds; {@code segs} are relative to the destination. */
    private record HeldFile(String path, List<String> segs, long size) {}

    /**
     * What an increment's manifest says about the files earlier backups hold, for the part being restored: per
     * holder (in the order the manifest first names them), per source name in its archive, the paths it goes to.
     */
    private static final class HeldFiles {
        final String backupId;
        final Map<String, Map<String, List<HeldFile>>> byHolder = new LinkedHashMap<>();
        /** The targets of hard links that waited for them, which an earlier backup holds. */
        final Set<String> heldLinkTargets = new HashSet<>();

        HeldFiles(String backupId) {
            this.backupId = backupId;
        }
    }

    /** Extracts into {@code root}, an empty folder this class created. {@code rootFallback} lends its owner/mode. */
    private Result extract(
            Path archive, String prefix, Selection selection, Path root, Path rootFallback, HoldingArchives holdings)
            throws IOException {
        List<String> prefixSegments = prefix == null ? List.of() : EntryNames.segments(prefix, prefix);
        try (Extraction x = new Extraction(root, policy, space, viaLibc)) {
            if (selection != null) {
                x.substituteLinkTargets(selection.substitutes());
            }
            HeldFiles held = null;
            try (ArchiveInput input = open(archive)) {
                TarArchiveEntry entry;
                while ((entry = nextEntry(input)) != null) {
                    String name = entry.getName();
                    if (x.manifestSeen) {
                        throw new RestoreRejectedException(name, "entry after the manifest");
                    }
                    if (++x.entries > policy.maxEntries()) {
                        throw new RestoreRejectedException(
                                null, "archive holds more than " + policy.maxEntries() + " entries");
                    }
                    checkNameLength(name);
                    List<String> segs = EntryNames.segments(name, name);
                    if (!segs.isEmpty() && (segs.get(0) + "/").equals(ArchiveFormat.RESERVED_PREFIX)) {
                        if (String.join("/", segs).equals(ArchiveFormat.MANIFEST_NAME)) {
                            x.manifestSeen = true;
                            held = readHeldFiles(input, x, prefixSegments, selection);
                        }
                        continue;
                    }
                    if (selection != null) {
                        applySelected(input, entry, segs, selection, x);
                        continue;
                    }
                    if (!EntryNames.startsWith(segs, prefixSegments)) {
                        continue;
                    }
                    x.matched = true;
                    x.apply(input.tar(), entry, segs.subList(prefixSegments.size(), segs.size()), prefixSegments);
                }
            }
            if (policy.requireManifest() && !x.manifestSeen) {
                throw new RestoreRejectedException(
                        null, "archive is incomplete: the manifest " + ArchiveFormat.MANIFEST_NAME + " is missing");
            }
            if (!x.matched) {
                throw new RestoreRejectedException(
                        null, prefix == null ? "archive is empty" : "archive holds nothing under '" + prefix + "'");
            }
            if (held != null) {
                for (var holder : held.byHolder.entrySet()) {
                    extractHeld(x, held.backupId, holder.getKey(), holder.getValue(), holdings);
                }
            }
            x.finishDeferredLinks(held == null ? Set.of() : held.heldLinkTargets);
            if (selection != null) {
                x.requireSubstitutes();
                for (String path : selection.paths()) {
                    if (!x.selectedSeen.contains(path)) {
                        // Checked by select(); the archive changed since.
                        throw new RestoreRejectedException(null, "the archive holds no " + path);
                    }
                }
            }
            x.finish(rootFallback);
            return new Result(root, x.entries, x.files, x.bytes);
        }
    }

    /**
     * One entry of the archive, restoring a selection: a selected entry as it is; a folder above a selected path
     * for its metadata; a file outside the selection that a selected hard link names, at that link; nothing else.
     */
    private static void applySelected(
            ArchiveInput input, TarArchiveEntry entry, List<String> segs, Selection selection, Extraction x)
            throws IOException {
        String key = String.join("/", segs);
        String substitute = selection.substitutes().get(key);
        EntryType type = EntryNames.typeOf(entry);
        if (substitute != null) {
            if (type != EntryType.FILE) {
                throw new RestoreRejectedException(
                        substitute,
                        "hard link target '" + key + "' outside the selection is not a file; select it too");
            }
            x.writeHeld(input.tar(), entry, substitute, EntryNames.segments(substitute, substitute));
        } else if (selection.includes(key)) {
            x.matched = true;
            if (selection.isRoot(key)) {
                x.selectedSeen.add(key);
            }
            x.apply(input.tar(), entry, segs, List.of());
        } else if (type == EntryType.DIRECTORY && selection.isAncestor(key)) {
            x.apply(input.tar(), entry, segs, List.of());
        }
    }

    private void checkNameLength(String name) throws RestoreRejectedException {
        if (name.getBytes(StandardCharsets.UTF_8).length > policy.maxNameBytes()) {
            throw new RestoreRejectedException(
                    name.substring(0, Math.min(name.length(), 80)) + "...",
                    "name longer than " + policy.maxNameBytes() + " bytes");
        }
    }

    /**
     * Reads the manifest at the tar's current entry. For an increment's: the files under the prefix that earlier
     * backups hold, each counted against the policy like an entry of the archive; null for any other manifest,
     * which is left unread as before.
     */
    private HeldFiles readHeldFiles(ArchiveInput input, Extraction x, List<String> prefixSegments, Selection selection)
            throws IOException {
        BufferedReader lines = manifestReader(input);
        ManifestLines.Header header = header(lines);
        if (header == null || !header.incremental()) {
            return null;
        }
        HeldFiles held = new HeldFiles(header.backupId());
        Set<String> waitingTargets = new HashSet<>();
        for (Extraction.DeferredLink link : x.deferredLinks()) {
            waitingTargets.add(link.targetKey());
        }
        ManifestEntry e;
        long[] lineNumber = {1};
        while ((e = nextManifestEntry(lines, lineNumber)) != null) {
            if (!e.heldElsewhere()) {
                continue;
            }
            String path = e.path();
            checkNameLength(path);
            List<String> segs = EntryNames.segments(path, path);
            List<String> relative;
            if (selection == null) {
                if (!EntryNames.startsWith(segs, prefixSegments)) {
                    continue;
                }
                relative = List.copyOf(segs.subList(prefixSegments.size(), segs.size()));
            } else {
                String key = String.join("/", segs);
                String substitute = selection.substitutes().get(key);
                if (substitute != null) {
                    // Outside the selection, named by a hard link in it: its content goes where that link is.
                    relative = EntryNames.segments(substitute, substitute);
                } else if (selection.includes(key)) {
                    relative = segs;
                    if (selection.isRoot(key)) {
                        x.selectedSeen.add(key);
                    }
                } else {
                    continue;
                }
            }
            if (e.from().equals(header.backupId())) {
                throw new RestoreRejectedException(path, "listed as held by " + e.from() + ", this backup itself");
            }
            if (++x.entries > policy.maxEntries()) {
                throw new RestoreRejectedException(null, "archive holds more than " + policy.maxEntries() + " entries");
            }
            x.matched = true;
            String key = String.join("/", relative);
            if (waitingTargets.contains(key)) {
                held.heldLinkTargets.add(key);
            }
            held.byHolder
                    .computeIfAbsent(e.from(), h -> new HashMap<>())
                    .computeIfAbsent(e.sourcePath(), src -> new ArrayList<>(1))
                    .add(new HeldFile(path, relative, e.size()));
        }
        return held;
    }

    /**
     * Reads one holder's archive once, writing each file the increment needs from it under the increment's own
     * path(s); stops as soon as it has them all. A missing holder, or a source it lacks or holds as something other
     * than a file of the listed size, refuses the restore.
     */
    private void extractHeld(
            Extraction x,
            String incrementId,
            String holderId,
            Map<String, List<HeldFile>> wanted,
            HoldingArchives holdings)
            throws IOException {
        HoldingArchives.Holding holding;
        try {
            holding = holdings.holding(holderId);
        } catch (ChainLinkMissingException e) {
            throw e.neededBy(incrementId);
        }
        if (holding == null || !Files.isRegularFile(holding.archive())) {
            throw new ChainLinkMissingException(holderId, incrementId, "its archive is not on disk");
        }
        try (ArchiveInput input = open(holding.archive())) {
            TarArchiveEntry entry;
            while (!wanted.isEmpty() && (entry = nextEntry(input)) != null) {
                String name = EntryNames.stripSlash(entry.getName());
                List<HeldFile> targets = wanted.remove(name);
                if (targets == null) {
                    continue;
                }
                HeldFile first = targets.get(0);
                if (EntryNames.typeOf(entry) != EntryType.FILE) {
                    throw new RestoreRejectedException(
                            first.path(), holderId + " holds '" + name + "', which it comes from, not as a file");
                }
                for (HeldFile file : targets) {
                    if (entry.getSize() != file.size()) {
                        throw new RestoreRejectedException(
                                file.path(),
                                holderId + " holds '" + name + "' with " + entry.getSize() + " bytes, the manifest"
                                        + " lists " + file.size());
                    }
                }
                x.writeHeld(input.tar(), entry, first.path(), first.segs());
                String firstKey = String.join("/", first.segs());
                for (HeldFile file : targets.subList(1, targets.size())) {
                    x.copyHeld(firstKey, entry, file.path(), file.segs());
                }
            }
        }
        if (!wanted.isEmpty()) {
            var missing = wanted.entrySet().iterator().next();
            throw new RestoreRejectedException(
                    missing.getValue().get(0).path(),
                    "its content should be '" + missing.getKey() + "' in " + holderId + ", which holds no such file"
                            + (wanted.size() > 1
                                    ? " (nor " + (wanted.size() - 1) + " more files this restore needs)"
                                    : ""));
        }
    }

    private static TarArchiveEntry nextEntry(ArchiveInput input) throws RestoreRejectedException {
        try {
            return input.next();
        } catch (ArchiveLimitException e) {
            throw new RestoreRejectedException(null, e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new RestoreRejectedException(null, "archive is corrupt or truncated: " + e.getMessage(), e);
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        }
    }
}
