package com.opscenter.archive;

import com.opscenter.archive.format.EntryType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
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
 * need their metadata. Every creation is exclusive and every parent is checked to be a real folder, so no entry
 * can be written through a link; symlinks are created last, once their targets are known to stay inside.
 */
final class Extraction {

    private static final int MAX_CHECKED_PARENTS = 100_000;

    private record Meta(int mode, FileTime mtime, long uid, long gid) {
        static Meta of(TarArchiveEntry e) {
            // Set-id and sticky bits are dropped: a restore must not mint privileged executables.
            return new Meta(e.getMode() & 0777, e.getLastModifiedTime(), e.getLongUserId(), e.getLongGroupId());
        }
    }

    private final Path root;
    private final Restorer.Policy policy;
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
    boolean manifestSeen;
    boolean matched;
    long entries;
    long files;
    long bytes;

    Extraction(Path root, Restorer.Policy policy) {
        this.root = root;
        this.policy = policy;
        this.asRoot = isRoot(root);
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
        EntryType type = EntryNames.typeOf(entry);
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
                List<String> linkSegs = EntryNames.segments(entry.getLinkName(), name);
                if (!EntryNames.startsWith(linkSegs, prefixSegments) || linkSegs.size() == prefixSegments.size()) {
                    throw new RestoreRejectedException(
                            name, "hard link target '" + entry.getLinkName() + "' resolves outside the destination");
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
            EntryNames.checkSymlinkTarget(link.getKey(), link.getValue(), symlinks);
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
            Map<String, Object> a =
                    Files.readAttributes(rootFallback, "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
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
