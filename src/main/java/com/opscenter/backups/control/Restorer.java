package com.opscenter.backups.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts an archive, treating it as untrusted. Everything is written into a fresh private folder next to the
 * destination and moved into place only when the whole archive was accepted, so a rejected or failed restore
 * leaves nothing behind. Symlinks are created last, after their targets were checked against the final tree,
 * so no entry can be written through a link that an earlier entry planted.
 */
public final class Restorer {

    private static final int MAX_LINK_HOPS = 40;

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

    /** One entry for a preview; {@code type} is null for kinds a restore refuses (devices, FIFOs, ...). */
    public record ContentEntry(String path, EntryType type, long size, Instant mtime, String linkTarget) {}

    private final Policy policy;

    public Restorer() {
        this(Policy.defaults());
    }

    public Restorer(Policy policy) {
        this.policy = Objects.requireNonNull(policy);
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
        Path dest = destination.toAbsolutePath().normalize();
        if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS) && !isEmptyDirectory(dest)) {
            throw new RestoreRejectedException(null, "destination " + dest + " exists and is not an empty folder");
        }
        Files.createDirectories(dest.getParent());
        Path staging = Files.createTempDirectory(dest.getParent(), "." + dest.getFileName() + ".restore-tmp-");
        try {
            Result result = extract(archive, prefix, staging, null);
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
     * {@code .<name>.restore-tmp-*} folder, and only when that fully succeeded is it swapped in by rename and the
     * old contents removed. On any failure the volume is left exactly as it was.
     */
    public Result restoreInPlace(Path archive, String prefix, Path volumeDir) throws IOException {
        Objects.requireNonNull(prefix, "prefix");
        Path volume = volumeDir.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(volume)) {
            throw new RestoreRejectedException(null, "volume folder " + volume + " is a symlink");
        }
        Path parent = volume.getParent();
        Path staging = Files.createTempDirectory(parent, "." + volume.getFileName() + ".restore-tmp-");
        Path old = null;
        try {
            Result result = extract(
                    archive, prefix, staging, Files.isDirectory(volume, LinkOption.NOFOLLOW_LINKS) ? volume : null);
            if (Files.exists(volume, LinkOption.NOFOLLOW_LINKS)) {
                old = parent.resolve("." + volume.getFileName() + ".restore-old-" + System.nanoTime());
                Files.move(volume, old, StandardCopyOption.ATOMIC_MOVE);
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
                DurableFiles.deleteRecursively(old);
            }
            return new Result(volume, result.entries(), result.files(), result.bytes());
        } catch (IOException | RuntimeException e) {
            DurableFiles.deleteRecursively(staging);
            throw e;
        }
    }

    /** What the archive holds, without the manifest, for a preview before restoring. */
    public List<ContentEntry> listContents(Path archive) throws IOException {
        List<ContentEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream tar = open(archive)) {
            TarArchiveEntry entry;
            while ((entry = nextEntry(tar)) != null) {
                String name = Verifier.stripSlash(entry.getName());
                if (name.startsWith(Archiver.RESERVED_PREFIX)) {
                    continue;
                }
                if (entries.size() >= policy.maxEntries()) {
                    throw new RestoreRejectedException(
                            null, "archive holds more than " + policy.maxEntries() + " entries");
                }
                EntryType type = Verifier.typeOf(entry);
                boolean link = type == EntryType.SYMLINK || type == EntryType.HARDLINK;
                entries.add(new ContentEntry(
                        name,
                        type,
                        type == EntryType.FILE ? entry.getSize() : 0,
                        entry.getLastModifiedTime().toInstant(),
                        link ? entry.getLinkName() : null));
            }
        }
        return entries;
    }

    private TarArchiveInputStream open(Path archive) throws IOException {
        Codec codec = Codec.detect(archive);
        InputStream in = Files.newInputStream(archive);
        try {
            // Decompression runs on its own thread, ahead of tar parsing and writing.
            return new TarArchiveInputStream(
                    new ReadAheadInputStream(codec.decompress(in), Archiver.BUFFER_SIZE, 4),
                    StandardCharsets.UTF_8.name());
        } catch (IOException | RuntimeException e) {
            in.close();
            throw new RestoreRejectedException(null, "archive is corrupt: " + e.getMessage(), e);
        }
    }

    /** Extracts into {@code root}, an empty folder this class created. {@code rootFallback} lends its owner/mode. */
    private Result extract(Path archive, String prefix, Path root, Path rootFallback) throws IOException {
        List<String> prefixSegments = prefix == null ? List.of() : segments(prefix, prefix);
        Extraction x = new Extraction(root, isRoot(root));
        try (TarArchiveInputStream tar = open(archive)) {
            TarArchiveEntry entry;
            while ((entry = nextEntry(tar)) != null) {
                String name = entry.getName();
                if (x.manifestSeen) {
                    throw new RestoreRejectedException(name, "entry after the manifest");
                }
                if (++x.entries > policy.maxEntries()) {
                    throw new RestoreRejectedException(
                            null, "archive holds more than " + policy.maxEntries() + " entries");
                }
                if (name.getBytes(StandardCharsets.UTF_8).length > policy.maxNameBytes()) {
                    throw new RestoreRejectedException(
                            name.substring(0, Math.min(name.length(), 80)) + "...",
                            "name longer than " + policy.maxNameBytes() + " bytes");
                }
                List<String> segs = segments(name, name);
                if (!segs.isEmpty() && segs.get(0).equals(".ops-center")) {
                    x.manifestSeen |= String.join("/", segs).equals(Archiver.MANIFEST_NAME);
                    continue;
                }
                if (!startsWith(segs, prefixSegments)) {
                    continue;
                }
                x.matched = true;
                x.apply(tar, entry, segs.subList(prefixSegments.size(), segs.size()), prefixSegments);
            }
        }
        if (policy.requireManifest() && !x.manifestSeen) {
            throw new RestoreRejectedException(
                    null, "archive is incomplete: the manifest " + Archiver.MANIFEST_NAME + " is missing");
        }
        if (!x.matched) {
            throw new RestoreRejectedException(
                    null, prefix == null ? "archive is empty" : "archive holds nothing under '" + prefix + "'");
        }
        x.finish(rootFallback);
        return new Result(root, x.entries, x.files, x.bytes);
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar) throws RestoreRejectedException {
        try {
            return tar.getNextEntry();
        } catch (IOException | RuntimeException e) {
            throw new RestoreRejectedException(null, "archive is corrupt or truncated: " + e.getMessage(), e);
        }
    }

    /**
     * The relative path segments of an entry name. Absolute names and {@code ..} are refused outright rather
     * than stripped, since either means the archive was not made by us.
     */
    private static List<String> segments(String name, String entryForError) throws RestoreRejectedException {
        if (name.startsWith("/")) {
            throw new RestoreRejectedException(entryForError, "absolute path");
        }
        if (name.indexOf('\0') >= 0) {
            throw new RestoreRejectedException(entryForError, "NUL character in name");
        }
        List<String> out = new ArrayList<>();
        for (String s : name.split("/")) {
            if (s.equals("..")) {
                throw new RestoreRejectedException(entryForError, "'..' in path");
            }
            if (!s.isEmpty() && !s.equals(".")) {
                out.add(s);
            }
        }
        return out;
    }

    private static boolean startsWith(List<String> segs, List<String> prefix) {
        return segs.size() >= prefix.size() && segs.subList(0, prefix.size()).equals(prefix);
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        }
    }

    /** Ownership is restored only by root; the staging folder, created by us, tells whether we are root. */
    private static boolean isRoot(Path ownFolder) {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(ownFolder, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean createsRootOwned(Path ownFolder) {
        try {
            Map<String, Object> a = Files.readAttributes(ownFolder, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
            return Integer.valueOf(0).equals(a.get("uid"))
                    && Integer.valueOf(0).equals(a.get("gid"))
                    && ((Integer) a.get("mode") & 02000) == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static final int MAX_CHECKED_PARENTS = 100_000;

    private record Meta(int mode, FileTime mtime, long uid, long gid) {
        static Meta of(TarArchiveEntry e) {
            // Set-id and sticky bits are dropped: a restore must not mint privileged executables.
            return new Meta(e.getMode() & 0777, e.getLastModifiedTime(), e.getLongUserId(), e.getLongGroupId());
        }
    }

    /** The state of one extraction: what exists, which links wait, which folders still need their metadata. */
    private final class Extraction {
        private final Path root;
        private final boolean asRoot;
        private final Set<String> seen = new HashSet<>();
        private final Set<String> restoredFiles = new HashSet<>();
        private final Map<String, String> symlinks = new LinkedHashMap<>();
        private final Map<String, Meta> symlinkMeta = new HashMap<>();
        private final Map<String, Meta> dirs = new HashMap<>();
        private final Map<String, Path> checkedParents = new HashMap<>();
        /** Whether everything created under root gets owner 0:0 (uid 0, gid 0 and no set-group-id folder). */
        private final boolean createdAsRootRoot;

        private final byte[] buffer = new byte[Archiver.BUFFER_SIZE];
        private Meta rootMeta;
        private boolean manifestSeen;
        private boolean matched;
        private long entries;
        private long files;
        private long bytes;

        Extraction(Path root, boolean asRoot) {
            this.root = root;
            this.asRoot = asRoot;
            this.createdAsRootRoot = asRoot && createsRootOwned(root);
        }

        void apply(TarArchiveInputStream tar, TarArchiveEntry entry, List<String> segs, List<String> prefixSegments)
                throws IOException {
            String name = entry.getName();
            String key = String.join("/", segs);
            if (!seen.add(key)) {
                throw new RestoreRejectedException(name, "duplicate path");
            }
            byte flag = entry.getLinkFlag();
            if (entry.isCharacterDevice() || entry.isBlockDevice()) {
                throw new RestoreRejectedException(name, "device entries are not restored");
            }
            if (entry.isFIFO()) {
                throw new RestoreRejectedException(name, "FIFO entries are not restored");
            }
            EntryType type = Verifier.typeOf(entry);
            if (type == null) {
                throw new RestoreRejectedException(name, "unsupported entry type '" + (char) flag + "'");
            }
            if (segs.isEmpty()) {
                if (type != EntryType.DIRECTORY) {
                    throw new RestoreRejectedException(name, "entry would replace the destination itself");
                }
                rootMeta = Meta.of(entry);
                return;
            }
            Path target = parentsChecked(name, segs).resolve(segs.get(segs.size() - 1));
            switch (type) {
                case DIRECTORY -> {
                    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        create(name, () -> Files.createDirectory(target));
                    }
                    dirs.put(key, Meta.of(entry));
                }
                case FILE -> writeFile(tar, entry, key, target);
                case SYMLINK -> {
                    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw new RestoreRejectedException(name, "path already exists");
                    }
                    if (entry.getLinkName().isEmpty()) {
                        throw new RestoreRejectedException(name, "symlink without target");
                    }
                    symlinks.put(key, entry.getLinkName());
                    symlinkMeta.put(key, Meta.of(entry));
                }
                case HARDLINK -> {
                    List<String> linkSegs = segments(entry.getLinkName(), name);
                    if (!startsWith(linkSegs, prefixSegments) || linkSegs.size() == prefixSegments.size()) {
                        throw new RestoreRejectedException(
                                name,
                                "hard link target '" + entry.getLinkName() + "' resolves outside the destination");
                    }
                    String linkKey = String.join("/", linkSegs.subList(prefixSegments.size(), linkSegs.size()));
                    if (!restoredFiles.contains(linkKey)) {
                        throw new RestoreRejectedException(
                                name,
                                "hard link target '" + entry.getLinkName()
                                        + "' is not a file restored earlier in the destination");
                    }
                    create(name, () -> Files.createLink(target, root.resolve(linkKey)));
                    this.files++;
                }
                default -> throw new IllegalStateException();
            }
        }

        private void writeFile(TarArchiveInputStream tar, TarArchiveEntry entry, String key, Path target)
                throws IOException {
            String name = entry.getName();
            long size = entry.getSize();
            if (size > policy.maxTotalBytes() - bytes) {
                throw new RestoreRejectedException(
                        name, "restoring it would exceed the limit of " + policy.maxTotalBytes() + " bytes");
            }
            OutputStream out;
            try {
                out = Files.newOutputStream(
                        target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            } catch (FileAlreadyExistsException e) {
                throw new RestoreRejectedException(name, "path already exists");
            }
            try (out) {
                int n;
                while ((n = read(tar, name)) > 0) {
                    bytes += n;
                    // The header's size was checked; this guards a reader that yields more than it declared.
                    if (bytes > policy.maxTotalBytes()) {
                        throw new RestoreRejectedException(
                                name, "restoring it would exceed the limit of " + policy.maxTotalBytes() + " bytes");
                    }
                    out.write(buffer, 0, n);
                }
            }
            applyMeta(target, Meta.of(entry));
            restoredFiles.add(key);
            this.files++;
        }

        private int read(TarArchiveInputStream tar, String name) throws RestoreRejectedException {
            try {
                return tar.read(buffer);
            } catch (IOException | RuntimeException e) {
                throw new RestoreRejectedException(name, "archive is corrupt or truncated: " + e.getMessage(), e);
            }
        }

        /** Makes sure every parent is a real folder we made (creating missing ones) and not a planted link. */
        private Path parentsChecked(String name, List<String> segs) throws IOException {
            // A parent once checked stays a real folder: nothing is ever replaced during an extraction (every
            // creation is exclusive, duplicate paths are refused, symlinks are only made at the end).
            String parentKey = segs.size() <= 1 ? "" : String.join("/", segs.subList(0, segs.size() - 1));
            Path cached = checkedParents.get(parentKey);
            if (cached != null) {
                return cached;
            }
            Path checked = checkParents(name, segs);
            if (checkedParents.size() < MAX_CHECKED_PARENTS) {
                checkedParents.put(parentKey, checked);
            }
            return checked;
        }

        private Path checkParents(String name, List<String> segs) throws IOException {
            Path current = root;
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < segs.size() - 1; i++) {
                if (i > 0) {
                    key.append('/');
                }
                key.append(segs.get(i));
                if (symlinks.containsKey(key.toString())) {
                    throw new RestoreRejectedException(name, "would be written through the symlink '" + key + "'");
                }
                current = current.resolve(segs.get(i));
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    Path dir = current;
                    create(name, () -> Files.createDirectory(dir));
                    continue;
                }
                if (!attrs.isDirectory() || attrs.isSymbolicLink()) {
                    throw new RestoreRejectedException(name, "parent '" + key + "' is not a folder");
                }
            }
            return current;
        }

        private void create(String name, IoAction action) throws IOException {
            try {
                action.run();
            } catch (FileAlreadyExistsException e) {
                throw new RestoreRejectedException(name, "path already exists");
            }
        }

        /** Creates the waiting symlinks once their targets are known to stay inside, then folders' metadata. */
        void finish(Path rootFallback) throws IOException {
            for (Map.Entry<String, String> link : symlinks.entrySet()) {
                checkSymlinkTarget(link.getKey(), link.getValue());
            }
            for (Map.Entry<String, String> link : symlinks.entrySet()) {
                Path path = root.resolve(link.getKey());
                Files.createSymbolicLink(path, Path.of(link.getValue()));
                Meta meta = symlinkMeta.get(link.getKey());
                if (asRoot) {
                    Files.setAttribute(path, "unix:uid", (int) meta.uid(), LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(path, "unix:gid", (int) meta.gid(), LinkOption.NOFOLLOW_LINKS);
                }
                try {
                    Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .setTimes(meta.mtime(), null, null);
                } catch (IOException | UnsupportedOperationException ignored) {
                    // a symlink's own mtime is cosmetic; some platforms cannot set it
                }
            }
            // Deepest first, so that setting a folder's mtime is not undone by work inside it.
            List<Map.Entry<String, Meta>> ordered = new ArrayList<>(dirs.entrySet());
            ordered.sort(Comparator.comparingInt((Map.Entry<String, Meta> e) -> depth(e.getKey()))
                    .reversed());
            for (Map.Entry<String, Meta> dir : ordered) {
                applyMeta(root.resolve(dir.getKey()), dir.getValue());
            }
            Meta top = rootMeta;
            if (top == null && rootFallback != null) {
                Map<String, Object> a = Files.readAttributes(
                        rootFallback, "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
                top = new Meta(
                        (Integer) a.get("mode") & 0777,
                        (FileTime) a.get("lastModifiedTime"),
                        (Integer) a.get("uid"),
                        (Integer) a.get("gid"));
            }
            if (top != null) {
                applyMeta(root, top);
            } else {
                Files.setAttribute(root, "unix:mode", 0755, LinkOption.NOFOLLOW_LINKS);
            }
        }

        /**
         * Resolves a link target against the final tree, following the other archived links, and refuses it if
         * it leaves the destination or is the destination itself. Absolute targets are always refused.
         */
        private void checkSymlinkTarget(String key, String target) throws RestoreRejectedException {
            if (target.startsWith("/")) {
                throw new RestoreRejectedException(key, "symlink target '" + target + "' is absolute");
            }
            Deque<String> resolved = new ArrayDeque<>(List.of(key.split("/")));
            resolved.removeLast();
            Deque<String> pending = new ArrayDeque<>(List.of(target.split("/")));
            int hops = 0;
            while (!pending.isEmpty()) {
                String s = pending.removeFirst();
                if (s.isEmpty() || s.equals(".")) {
                    continue;
                }
                if (s.equals("..")) {
                    if (resolved.isEmpty()) {
                        throw new RestoreRejectedException(
                                key, "symlink target '" + target + "' resolves outside the destination");
                    }
                    resolved.removeLast();
                    continue;
                }
                resolved.addLast(s);
                String through = String.join("/", resolved);
                String next = symlinks.get(through);
                if (next != null) {
                    if (++hops > MAX_LINK_HOPS || next.startsWith("/")) {
                        throw new RestoreRejectedException(
                                key, "symlink target '" + target + "' resolves outside the destination");
                    }
                    resolved.removeLast();
                    List<String> expanded = new ArrayList<>(List.of(next.split("/")));
                    for (int i = expanded.size() - 1; i >= 0; i--) {
                        pending.addFirst(expanded.get(i));
                    }
                }
            }
            if (resolved.isEmpty()) {
                throw new RestoreRejectedException(key, "symlink target '" + target + "' is the destination itself");
            }
        }

        private void applyMeta(Path path, Meta meta) throws IOException {
            if (asRoot && (!createdAsRootRoot || meta.uid() != 0 || meta.gid() != 0)) {
                // What we create is already owned by 0:0 when createdAsRootRoot; only other owners need lchown.
                Files.setAttribute(path, "unix:uid", (int) meta.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", (int) meta.gid(), LinkOption.NOFOLLOW_LINKS);
            }
            Files.setAttribute(path, "unix:mode", meta.mode(), LinkOption.NOFOLLOW_LINKS);
            Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(meta.mtime(), null, null);
        }

        private int depth(String key) {
            return key.split("/").length;
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
