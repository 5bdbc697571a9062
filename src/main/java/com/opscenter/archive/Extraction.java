package com.opscenter.archive;

import com.opscenter.archive.format.EntryType;
import com.opscenter.archive.io.EarlyWriteback;
import com.opscenter.archive.io.HeapBuffers;
import com.opscenter.archive.io.LinuxFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The state of one extraction into a fresh private folder: what exists, which links wait, which folders still
 * need their metadata. Symlinks are data: each is created exactly as stored (absolute, outward, dangling), but
 * only at the end, and no entry may sit under one, so nothing is ever written through a link. Files are created
 * relative to open directory handles, each parent opened without following links, so a folder swapped for a
 * link while we work is refused rather than followed.
 */
final class Extraction implements AutoCloseable {

    private record Meta(int mode, FileTime mtime, long uid, long gid) {
        static Meta of(TarArchiveEntry e, boolean asRoot) {
            // As root, like GNU tar -p, every mode bit comes back (the owner does too). Otherwise set-id bits are
            // dropped: they would make the restoring user's copies privileged.
            int mode = e.getMode() & (asRoot ? 07777 : 01777);
            return new Meta(mode, e.getLastModifiedTime(), e.getLongUserId(), e.getLongGroupId());
        }
    }

    /** A hard link that came before its target; {@code segs} and {@code targetKey} are relative to the root. */
    record DeferredLink(String name, String linkName, List<String> segs, String targetKey) {}

    /** How often the restored data starts on its way to disk while the restore goes on ({@link EarlyWriteback}). */
    static final long WRITEBACK_EVERY_BYTES = 64L << 20;

    /** Writes through libc copy at most this much at a time (most files are smaller; native memory is counted). */
    private static final int NATIVE_BUFFER_BYTES = 256 << 10;

    private final Path root;
    private final Restorer.Policy policy;
    private final boolean asRoot;
    private final Set<String> seen = new HashSet<>();
    private final Set<String> restoredFiles = new HashSet<>();
    private final Map<String, String> symlinks = new LinkedHashMap<>();
    private final Map<String, Meta> symlinkMeta = new HashMap<>();
    private final Map<String, Meta> dirs = new HashMap<>();
    private final List<DeferredLink> deferredLinks = new ArrayList<>();
    /** Open handles of the folders from root down to the last parent used, with their names. */
    private final List<FolderHandle> chain = new ArrayList<>();

    private final List<String> chainNames = new ArrayList<>();
    /** Whether everything created under root gets owner 0:0 (uid 0, gid 0 and no set-group-id folder). */
    private final boolean createdAsRootRoot;

    private final byte[] buffer = HeapBuffers.take();
    /** What libc writes copy from; null when files are written through the JDK. */
    private final LinuxFiles.Buffer nativeBuffer;

    private final Restorer.SpaceProbe space;
    /** Free bytes as last measured, less what was written since; measured again only when a file would not fit. */
    private long free = -1;

    /** Files outside a selection that hard links in it name, each with the selected link that takes its content. */
    private Map<String, String> linkSubstitutes = Map.of();

    private Set<String> substituteKeys = Set.of();
    /** The selected paths met so far, when restoring a selection. */
    final Set<String> selectedSeen = new HashSet<>();

    /** Every restored entry's access time, as GNU tar sets it: the restore's start. */
    private final FileTime accessTime = FileTime.from(Instant.now());

    private Meta rootMeta;
    boolean manifestSeen;
    boolean matched;
    long entries;
    long files;
    long bytes;
    private final EarlyWriteback writeback;

    /** {@code viaLibc}: create and write files through libc where it loads ({@link FolderHandle}). */
    Extraction(Path root, Restorer.Policy policy, Restorer.SpaceProbe space, boolean viaLibc) throws IOException {
        this.root = root;
        this.policy = policy;
        this.space = space;
        this.asRoot = isRoot(root);
        this.createdAsRootRoot = asRoot && createsRootOwned(root);
        this.nativeBuffer = viaLibc && LinuxFiles.available() ? new LinuxFiles.Buffer(NATIVE_BUFFER_BYTES) : null;
        try {
            chain.add(FolderHandle.open(root, nativeBuffer));
        } catch (IOException | RuntimeException e) {
            release();
            throw e;
        }
        this.writeback = new EarlyWriteback(root, WRITEBACK_EVERY_BYTES);
    }

    @Override
    public void close() throws IOException {
        try {
            writeback.close();
            closeChainFrom(0);
        } finally {
            release();
        }
    }

    private void release() {
        HeapBuffers.give(buffer);
        if (nativeBuffer != null) {
            nativeBuffer.close();
        }
    }

    /**
     * Restoring a selection: the content of each file outside it that a selected hard link names is written at the
     * link given here (see {@link Selection#substitutes()}), and the other links to it point there.
     */
    void substituteLinkTargets(Map<String, String> substitutes) {
        this.linkSubstitutes = Map.copyOf(substitutes);
        this.substituteKeys = Set.copyOf(substitutes.values());
    }

    /** Refuses a selection whose substituted hard link targets did not all come (the archive changed meanwhile). */
    void requireSubstitutes() throws RestoreRejectedException {
        for (Map.Entry<String, String> s : linkSubstitutes.entrySet()) {
            if (!restoredFiles.contains(s.getValue())) {
                throw new RestoreRejectedException(
                        s.getValue(), "hard link target '" + s.getKey() + "' is not a file of the archive");
            }
        }
    }

    void apply(TarArchiveInputStream tar, TarArchiveEntry entry, List<String> segs, List<String> prefixSegments)
            throws IOException {
        String name = entry.getName();
        String key = String.join("/", segs);
        if (entry.isLink() && !entry.isSymbolicLink() && substituteKeys.contains(key)) {
            // The file this link names is outside the selection: its content is written here instead, when the
            // file's entry (before this one) or an earlier backup's archive gives it.
            return;
        }
        if (!seen.add(key)) {
            throw new RestoreRejectedException(name, "duplicate path");
        }
        byte flag = entry.getLinkFlag();
        if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            throw new RestoreRejectedException(name, "device entries are not restored");
        }
        EntryType type = EntryNames.typeOf(entry);
        if (type == null) {
            throw new RestoreRejectedException(name, "unsupported entry type '" + (char) flag + "'");
        }
        if (segs.isEmpty()) {
            if (type != EntryType.DIRECTORY) {
                throw new RestoreRejectedException(name, "entry would replace the destination itself");
            }
            rootMeta = Meta.of(entry, asRoot);
            return;
        }
        FolderHandle parent = openParent(name, segs);
        String leaf = segs.get(segs.size() - 1);
        Path target = type == EntryType.FILE ? null : root.resolve(key); // files are made through the handle
        switch (type) {
            case DIRECTORY -> {
                if (!parent.hasFolder(leaf)) {
                    create(name, () -> Files.createDirectory(target));
                }
                dirs.put(key, Meta.of(entry, asRoot));
            }
            case FILE -> writeFile(tar, name, entry, key, parent, leaf);
            case SYMLINK -> {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new RestoreRejectedException(name, "path already exists");
                }
                if (entry.getLinkName().isEmpty()) {
                    throw new RestoreRejectedException(name, "symlink without target");
                }
                symlinks.put(key, entry.getLinkName());
                symlinkMeta.put(key, Meta.of(entry, asRoot));
            }
            case FIFO -> {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new RestoreRejectedException(name, "path already exists");
                }
                Fifos.create(target);
                // The JDK opens a file to change its metadata, and opening a FIFO read-only blocks until it has a
                // writer: holding it open read-write (which Linux never blocks) is that writer meanwhile.
                try (var held = FileChannel.open(
                        target, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    applyMeta(new FolderHandle.ByPath(target), Meta.of(entry, asRoot));
                }
            }
            case HARDLINK -> {
                List<String> linkSegs = EntryNames.segments(entry.getLinkName(), name);
                if (!EntryNames.startsWith(linkSegs, prefixSegments) || linkSegs.size() == prefixSegments.size()) {
                    throw new RestoreRejectedException(
                            name, "hard link target '" + entry.getLinkName() + "' resolves outside the destination");
                }
                String named = String.join("/", linkSegs.subList(prefixSegments.size(), linkSegs.size()));
                String linkKey = linkSubstitutes.getOrDefault(named, named);
                if (!restoredFiles.contains(linkKey)) {
                    // Only an increment's link to a file an earlier backup holds may wait; which target is such a
                    // file the manifest says, at the end of the archive (see finishDeferredLinks).
                    deferredLinks.add(new DeferredLink(name, entry.getLinkName(), List.copyOf(segs), linkKey));
                    return;
                }
                create(name, () -> Files.createLink(target, root.resolve(linkKey)));
                this.files++;
            }
            default -> throw new IllegalStateException();
        }
    }

    /** The hard links whose target was not restored when they came, in archive order. */
    List<DeferredLink> deferredLinks() {
        return deferredLinks;
    }

    /**
     * Creates the waiting hard links. {@code heldTargets} are the targets that an earlier backup holds (restored
     * after this archive); a link to anything else had to come after its target and is refused as before.
     */
    void finishDeferredLinks(Set<String> heldTargets) throws IOException {
        for (DeferredLink link : deferredLinks) {
            if (!heldTargets.contains(link.targetKey()) || !restoredFiles.contains(link.targetKey())) {
                throw new RestoreRejectedException(
                        link.name(),
                        "hard link target '" + link.linkName() + "' is not a file restored earlier in the destination");
            }
        }
        for (DeferredLink link : deferredLinks) {
            openParent(link.name(), link.segs());
            Path target = root.resolve(String.join("/", link.segs()));
            create(link.name(), () -> Files.createLink(target, root.resolve(link.targetKey())));
            this.files++;
        }
    }

    /**
     * Writes the content of {@code entry}, a regular file of another backup's archive, at {@code segs} (relative
     * to the root), with that entry's metadata. {@code name} is the entry's path in the increment, for errors.
     */
    void writeHeld(TarArchiveInputStream tar, TarArchiveEntry entry, String name, List<String> segs)
            throws IOException {
        String key = claim(name, segs);
        FolderHandle parent = openParent(name, segs);
        writeFile(tar, name, entry, key, parent, segs.get(segs.size() - 1));
    }

    /** A copy of the file restored at {@code fromKey} at {@code segs}: one held file listed under several paths. */
    void copyHeld(String fromKey, TarArchiveEntry entry, String name, List<String> segs) throws IOException {
        String key = claim(name, segs);
        FolderHandle parent = openParent(name, segs);
        String leaf = segs.get(segs.size() - 1);
        FolderHandle.NewFile out = createWithin(name, Files.size(root.resolve(fromKey)), parent, leaf);
        try (out;
                SeekableByteChannel in = Files.newByteChannel(
                        root.resolve(fromKey), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer chunk = ByteBuffer.wrap(buffer);
            while (in.read(chunk) > 0) {
                bytes += chunk.position();
                out.write(buffer, chunk.position());
                chunk.clear();
            }
            applyMeta(out, Meta.of(entry, asRoot));
        }
        restoredFiles.add(key);
        this.files++;
        writeback.written(bytes);
    }

    /** A new file for {@code size} bytes, refused when they exceed the byte limit or the free space. */
    private FolderHandle.NewFile createWithin(String name, long size, FolderHandle parent, String leaf)
            throws IOException {
        if (size > policy.maxTotalBytes() - bytes) {
            throw new RestoreRejectedException(
                    name, "restoring it would exceed the limit of " + policy.maxTotalBytes() + " bytes");
        }
        reserveSpace(name, size);
        try {
            return parent.createFile(leaf);
        } catch (FileAlreadyExistsException e) {
            throw new RestoreRejectedException(name, "path already exists");
        }
    }

    private String claim(String name, List<String> segs) throws RestoreRejectedException {
        if (segs.isEmpty()) {
            throw new RestoreRejectedException(name, "entry would replace the destination itself");
        }
        String key = String.join("/", segs);
        if (!seen.add(key)) {
            throw new RestoreRejectedException(name, "duplicate path");
        }
        return key;
    }

    private void writeFile(
            TarArchiveInputStream tar, String name, TarArchiveEntry entry, String key, FolderHandle parent, String leaf)
            throws IOException {
        long size = entry.getSize();
        FolderHandle.NewFile out = createWithin(name, size, parent, leaf);
        try (out) {
            int n;
            while ((n = read(tar, name)) > 0) {
                bytes += n;
                // The header's size was checked; this guards a reader that yields more than it declared.
                if (bytes > policy.maxTotalBytes()) {
                    throw new RestoreRejectedException(
                            name, "restoring it would exceed the limit of " + policy.maxTotalBytes() + " bytes");
                }
                out.write(buffer, n);
            }
            applyMeta(out, Meta.of(entry, asRoot));
        }
        restoredFiles.add(key);
        this.files++;
        writeback.written(bytes);
    }

    private void reserveSpace(String name, long size) throws IOException {
        long needed = size + Restorer.PER_FILE_OVERHEAD;
        if (free < needed) {
            free = space.usableBytes(root);
            if (free < needed) {
                throw new InsufficientSpaceException(name, needed, free);
            }
        }
        free -= needed;
    }

    private int read(TarArchiveInputStream tar, String name) throws RestoreRejectedException {
        try {
            return tar.read(buffer);
        } catch (IOException | RuntimeException e) {
            throw new RestoreRejectedException(name, "archive is corrupt or truncated: " + e.getMessage(), e);
        }
    }

    /**
     * The handle of the entry's parent folder, each folder on the way opened without following links (and
     * created when missing). Handles of the previous entry's parents are reused as far as the paths agree.
     */
    private FolderHandle openParent(String name, List<String> segs) throws IOException {
        int depth = segs.size() - 1;
        int common = 0;
        while (common < depth
                && common < chainNames.size()
                && chainNames.get(common).equals(segs.get(common))) {
            common++;
        }
        closeChainFrom(common + 1);
        for (int i = common; i < depth; i++) {
            String key = String.join("/", segs.subList(0, i + 1));
            if (symlinks.containsKey(key)) {
                throw new RestoreRejectedException(name, "would be written through the symlink '" + key + "'");
            }
            FolderHandle current = chain.get(chain.size() - 1);
            String child = segs.get(i);
            FolderHandle opened;
            try {
                opened = current.openFolder(child);
            } catch (NoSuchFileException e) {
                create(name, () -> Files.createDirectory(root.resolve(key)));
                opened = openNoFollowChecked(name, key, current, child);
            } catch (FileSystemException e) {
                throw new RestoreRejectedException(name, "parent '" + key + "' is not a folder");
            }
            chain.add(opened);
            chainNames.add(segs.get(i));
        }
        return chain.get(chain.size() - 1);
    }

    private static FolderHandle openNoFollowChecked(String name, String key, FolderHandle dir, String child)
            throws IOException {
        try {
            return dir.openFolder(child);
        } catch (FileSystemException e) {
            // Created a moment ago and already something else: swapped under us.
            throw new RestoreRejectedException(name, "parent '" + key + "' is not a folder");
        }
    }

    /** Closes the handles at chain positions {@code from} and deeper (position 0 is the root). */
    private void closeChainFrom(int from) throws IOException {
        IOException failure = null;
        while (chain.size() > from) {
            try {
                chain.remove(chain.size() - 1).close();
            } catch (IOException e) {
                failure = e;
            }
            if (chainNames.size() > Math.max(0, chain.size() - 1)) {
                chainNames.remove(chainNames.size() - 1);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void create(String name, IoAction action) throws IOException {
        try {
            action.run();
        } catch (FileAlreadyExistsException e) {
            throw new RestoreRejectedException(name, "path already exists");
        }
    }

    /**
     * Creates the waiting symlinks exactly as stored, then sets the folders' metadata. Links come last so that no
     * entry of the archive could be written through one; their targets are data and are not resolved.
     */
    void finish(Path rootFallback) throws IOException {
        closeChainFrom(1);
        for (Map.Entry<String, String> link : symlinks.entrySet()) {
            Path path = root.resolve(link.getKey());
            Files.createSymbolicLink(path, Path.of(link.getValue()));
            Meta meta = symlinkMeta.get(link.getKey());
            var linkMetadata = new FolderHandle.ByPath(path);
            if (asRoot) {
                linkMetadata.setOwner((int) meta.uid(), (int) meta.gid());
            }
            try {
                linkMetadata.setTimes(meta.mtime(), accessTime);
            } catch (IOException | UnsupportedOperationException ignored) {
                // a symlink's own mtime is cosmetic; some platforms cannot set it
            }
        }
        // Deepest first, so that setting a folder's mtime is not undone by work inside it.
        List<Map.Entry<String, Meta>> ordered = new ArrayList<>(dirs.entrySet());
        ordered.sort(Comparator.comparingInt((Map.Entry<String, Meta> e) -> depth(e.getKey()))
                .reversed());
        for (Map.Entry<String, Meta> dir : ordered) {
            applyFolderMeta(root.resolve(dir.getKey()), dir.getValue());
        }
        Meta top = rootMeta;
        if (top == null && rootFallback != null) {
            Map<String, Object> a =
                    Files.readAttributes(rootFallback, "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
            top = new Meta(
                    (Integer) a.get("mode") & (asRoot ? 07777 : 01777),
                    (FileTime) a.get("lastModifiedTime"),
                    (Integer) a.get("uid"),
                    (Integer) a.get("gid"));
        }
        if (top != null) {
            applyFolderMeta(root, top);
        } else {
            // A folder the archive says nothing about is ours (restore_<id>): private, whatever the tree inside.
            Files.setAttribute(root, "unix:mode", 0700, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** A folder's metadata: through a handle on it when files are written through libc, else by path. */
    private void applyFolderMeta(Path folder, Meta meta) throws IOException {
        try (FolderHandle.Libc handle = FolderHandle.openThroughLibc(folder, nativeBuffer)) {
            applyMeta(handle != null ? handle : new FolderHandle.ByPath(folder), meta);
        }
    }

    /**
     * Owner, mode and times. The access time is given rather than kept: keeping it costs the JDK a stat of the file
     * first (one per restored entry).
     */
    private void applyMeta(FolderHandle.Metadata target, Meta meta) throws IOException {
        if (asRoot && (!createdAsRootRoot || meta.uid() != 0 || meta.gid() != 0)) {
            // What we create is already owned by 0:0 when createdAsRootRoot; only other owners need a chown.
            target.setOwner((int) meta.uid(), (int) meta.gid());
        }
        target.setMode(meta.mode());
        target.setTimes(meta.mtime(), accessTime);
    }

    private static int depth(String key) {
        int depth = 1;
        for (int i = key.indexOf('/'); i >= 0; i = key.indexOf('/', i + 1)) {
            depth++;
        }
        return depth;
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

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
