package com.opscenter.archive;

import com.opscenter.archive.crypt.ArchiveKeys;
import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.archive.format.BackupSidecar;
import com.opscenter.archive.format.EntryType;
import com.opscenter.archive.format.Manifest;
import com.opscenter.archive.format.ManifestEntry;
import com.opscenter.archive.io.Digests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Increments for tests, written the way the design fixes them (until the increment writer lands): a plain tar
 * with the tree's folders, links and changed files, then the manifest (version 4) listing every entry, the files
 * an earlier backup holds with {@code from}/{@code source}; and a sidecar with {@link BackupSidecar.Increment}.
 */
public final class IncrementChain {

    public static final String FULL = "backup-20251023-020000";
    public static final String INC = "backup-20251024-020000";

    private IncrementChain() {}

    /** A full backup of {@code sources} (archive prefix to folder), written by the real archiver. */
    public static ArchiveResult full(Path backups, String id, Map<String, Path> sources) throws IOException {
        List<ArchiveSpec.Source> list = new ArrayList<>();
        List<String> volumes = new ArrayList<>();
        sources.forEach((prefix, root) -> {
            list.add(new ArchiveSpec.Source(prefix, root));
            volumes.add(prefix.substring(prefix.lastIndexOf('/') + 1));
        });
        return new Archiver(Thread::new)
                .create(
                        new ArchiveSpec(
                                id,
                                Files.createDirectories(backups),
                                list,
                                List.of(),
                                Codec.ZSTD,
                                3,
                                "manual",
                                null,
                                Instant.parse("2025-10-23T02:00:00Z"),
                                volumes,
                                List.of()),
                        Archiver.ProgressListener.NONE);
    }

    /** The entry lines of an archive's manifest, by path. */
    public static Map<String, ManifestEntry> manifestOf(Path archive) throws IOException {
        Map<String, ManifestEntry> entries = new LinkedHashMap<>();
        try (ArchiveInput input = ArchiveInput.open(archive, Thread::new, ArchiveKeys.NONE)) {
            TarArchiveEntry e;
            while ((e = input.next()) != null) {
                if (e.getName().equals(ArchiveFormat.MANIFEST_NAME)) {
                    var lines = new BufferedReader(new InputStreamReader(input.tar(), StandardCharsets.UTF_8));
                    String line;
                    while ((line = lines.readLine()) != null) {
                        ManifestEntry m = Manifest.parseLine(line);
                        if (m != null) {
                            entries.put(m.path(), m);
                        }
                    }
                }
            }
        }
        return entries;
    }

    public static String sha256(Path file) throws IOException {
        return HexFormat.of().formatHex(Digests.sha256().digest(Files.readAllBytes(file)));
    }

    /** Sets every mtime under {@code root} to whole seconds (the test tars carry seconds only). */
    public static void wholeSeconds(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p :
                    paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                if (!Files.isSymbolicLink(p)) {
                    long s = Files.getLastModifiedTime(p).toInstant().getEpochSecond();
                    Files.setLastModifiedTime(p, FileTime.from(Instant.ofEpochSecond(s)));
                }
            }
        }
    }

    /** Builds one increment: its tar entries and manifest lines, in the order added. */
    public static final class Builder {
        private record Item(TarArchiveEntry entry, byte[] content, ManifestEntry line, boolean withHash) {}

        private final String id;
        private final List<Item> items = new ArrayList<>();
        private final List<String> dependsOn = new ArrayList<>();

        public Builder(String id) {
            this.id = id;
        }

        /**
         * The tree at {@code root} under {@code prefix} (its folder itself included), walked depth-first in name
         * order: the files {@code held} names (archive path → the holder's manifest entry of the content) are
         * listed as held by {@code holderId}; a file seen before under another name is a hard link to it.
         */
        public Builder tree(Path root, String prefix, Map<String, ManifestEntry> held, String holderId)
                throws IOException {
            walk(root, prefix, held, holderId, new HashMap<>());
            return this;
        }

        private void walk(
                Path p, String name, Map<String, ManifestEntry> held, String holderId, Map<Object, String> inodes)
                throws IOException {
            Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode") & 07777;
            Instant mtime = ((FileTime) a.get("lastModifiedTime")).toInstant();
            long uid = (Integer) a.get("uid");
            long gid = (Integer) a.get("gid");
            if (Files.isSymbolicLink(p)) {
                String target = Files.readSymbolicLink(p).toString();
                TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                e.setLinkName(target);
                meta(e, mode, mtime, uid, gid);
                own(
                        e,
                        null,
                        new ManifestEntry(name, EntryType.SYMLINK, 0, mode, mtime, null, target, uid, gid, null, null));
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                TarArchiveEntry e = new TarArchiveEntry(name + "/");
                meta(e, mode, mtime, uid, gid);
                own(
                        e,
                        null,
                        new ManifestEntry(name, EntryType.DIRECTORY, 0, mode, mtime, null, null, uid, gid, null, null));
                TreeSet<String> children = new TreeSet<>();
                try (Stream<Path> list = Files.list(p)) {
                    list.forEach(c -> children.add(c.getFileName().toString()));
                }
                for (String child : children) {
                    walk(p.resolve(child), name + "/" + child, held, holderId, inodes);
                }
            } else {
                Object inode = a.get("ino");
                String first = inodes.putIfAbsent(inode, name);
                if (first != null) {
                    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
                    e.setLinkName(first);
                    meta(e, mode, mtime, uid, gid);
                    own(
                            e,
                            null,
                            new ManifestEntry(
                                    name, EntryType.HARDLINK, 0, mode, mtime, null, first, uid, gid, null, null));
                } else if (held.containsKey(name)) {
                    held(name, held.get(name), holderId);
                } else {
                    byte[] content = Files.readAllBytes(p);
                    TarArchiveEntry e = new TarArchiveEntry(name);
                    e.setSize(content.length);
                    meta(e, mode, mtime, uid, gid);
                    own(
                            e,
                            content,
                            new ManifestEntry(
                                    name,
                                    EntryType.FILE,
                                    content.length,
                                    mode,
                                    mtime,
                                    HexFormat.of().formatHex(Digests.sha256().digest(content)),
                                    null,
                                    uid,
                                    gid,
                                    null,
                                    null));
                }
            }
        }

        private static void meta(TarArchiveEntry e, int mode, Instant mtime, long uid, long gid) {
            e.setMode(mode);
            e.setModTime(mtime.toEpochMilli());
            e.setUserId(uid);
            e.setGroupId(gid);
        }

        /** An entry in the tar, listed by {@code line} (null: not listed). */
        public Builder own(TarArchiveEntry entry, byte[] content, ManifestEntry line) {
            items.add(new Item(entry, content, line, false));
            return this;
        }

        /** A manifest line only: {@code path} held by {@code holderId} as its entry {@code source} says. */
        public Builder held(String path, ManifestEntry source, String holderId) {
            return line(new ManifestEntry(
                    path,
                    EntryType.FILE,
                    source.size(),
                    source.mode(),
                    source.mtime(),
                    source.sha256(),
                    null,
                    source.uid(),
                    source.gid(),
                    source.user(),
                    source.group(),
                    null,
                    -1,
                    -1,
                    holderId,
                    source.path().equals(path) ? null : source.path()));
        }

        /** A manifest line with no tar entry. */
        public Builder line(ManifestEntry line) {
            if (line.from() != null && !dependsOn.contains(line.from())) {
                dependsOn.add(line.from());
            }
            items.add(new Item(null, null, line, false));
            return this;
        }

        /** A manifest line with no tar entry, written with the sha256 of a held file (as an index line). */
        public Builder lineWithHash(ManifestEntry line) {
            line(line);
            items.set(items.size() - 1, new Item(null, null, line, true));
            return this;
        }

        /** Writes {@code <id>.tar} and its sidecar into {@code folder}; returns the archive. */
        public Path write(Path folder, String baseId) throws IOException {
            Path archive = folder.resolve(id + ".tar");
            try (OutputStream file = Files.newOutputStream(archive);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(file, StandardCharsets.UTF_8.name())) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                StringBuilder manifest = new StringBuilder(Manifest.headerLine(
                                id, Instant.parse("2025-10-24T02:00:00Z"), ArchiveFormat.MANIFEST_VERSION_INCREMENTAL))
                        .append('\n');
                for (Item item : items) {
                    if (item.entry() != null) {
                        tar.putArchiveEntry(item.entry());
                        if (item.content() != null) {
                            tar.write(item.content());
                        }
                        tar.closeArchiveEntry();
                    }
                    if (item.line() != null) {
                        manifest.append(
                                        item.withHash()
                                                ? Manifest.indexLine(item.line())
                                                : Manifest.entryLine(item.line()))
                                .append('\n');
                    }
                }
                byte[] m = manifest.toString().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry me = new TarArchiveEntry(ArchiveFormat.MANIFEST_NAME);
                me.setSize(m.length);
                me.setMode(0600);
                tar.putArchiveEntry(me);
                tar.write(m);
                tar.closeArchiveEntry();
            }
            long files = items.stream()
                    .filter(i -> i.line() != null && i.line().type() == EntryType.FILE)
                    .count();
            new BackupSidecar(
                            id,
                            Instant.parse("2025-10-24T02:00:00Z"),
                            Instant.parse("2025-10-24T02:00:05Z"),
                            "manual",
                            null,
                            Codec.NONE,
                            archive.getFileName().toString(),
                            Files.size(archive),
                            sha256(archive),
                            files,
                            0,
                            List.of(),
                            List.of(),
                            "completed",
                            List.of(),
                            null,
                            null,
                            null,
                            null,
                            new BackupSidecar.Increment(baseId, dependsOn))
                    .write(folder);
            return archive;
        }
    }
}
