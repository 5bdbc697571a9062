package com.opscenter.archive;

import com.opscenter.archive.io.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A comparable description of a folder tree: per relative path its type, content hash, link target, mode, mtime,
 * owner, size and, for a file with several names, the first of its names (so hard links must stay hard links).
 */
final class TreeSnapshot {

    record Node(
            String type,
            String sha256,
            String target,
            int mode,
            FileTime mtime,
            int uid,
            int gid,
            long size,
            String sameFileAs) {}

    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;

    private TreeSnapshot() {}

    static Map<String, Node> of(Path root) throws IOException {
        Map<String, Node> nodes = new TreeMap<>();
        Map<Object, String> firstNames = new HashMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted()::iterator) {
                String rel = root.relativize(p).toString();
                Map<String, Object> a = Files.readAttributes(
                        p, "unix:mode,lastModifiedTime,uid,gid,size,ino,dev,nlink", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                int uid = (Integer) a.get("uid");
                int gid = (Integer) a.get("gid");
                FileTime mtime = to100Nanos((FileTime) a.get("lastModifiedTime"));
                if (Files.isSymbolicLink(p)) {
                    // A symlink's own mode carries no meaning on Linux; its target and owner must survive.
                    nodes.put(
                            rel,
                            new Node(
                                    "symlink", null, Files.readSymbolicLink(p).toString(), 0, null, uid, gid, 0, null));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    nodes.put(
                            rel,
                            new Node("dir", null, null, mode & 07777, rel.isEmpty() ? null : mtime, uid, gid, 0, null));
                } else if ((mode & S_IFMT) == S_IFIFO) {
                    nodes.put(rel, new Node("fifo", null, null, mode & 07777, mtime, uid, gid, 0, null));
                } else {
                    String first = null;
                    if ((Integer) a.get("nlink") > 1) {
                        first = firstNames.putIfAbsent(java.util.List.of(a.get("dev"), a.get("ino")), rel);
                        first = first == null ? rel : first;
                    }
                    nodes.put(
                            rel,
                            new Node(
                                    "file",
                                    sha256(p),
                                    null,
                                    mode & 07777,
                                    mtime,
                                    uid,
                                    gid,
                                    (Long) a.get("size"),
                                    first));
                }
            }
        }
        return nodes;
    }

    /** PAX times pass through commons-compress at 100 ns resolution, which is what a round trip can keep. */
    private static FileTime to100Nanos(FileTime t) {
        Instant i = t.toInstant();
        return FileTime.from(Instant.ofEpochSecond(i.getEpochSecond(), i.getNano() - i.getNano() % 100));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md = Digests.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static Object inode(Path p) throws IOException {
        return Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }
}
