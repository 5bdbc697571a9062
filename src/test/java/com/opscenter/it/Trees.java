package com.opscenter.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Pictures of folder trees that integration tests compare before a backup and after its restore. */
public final class Trees {

    private Trees() {}

    /**
     * A comparable picture of a tree: per relative path its type, content hash, link target, permission bits,
     * modification time to the second, and which hard-link group it belongs to.
     */
    public static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> nodes = new TreeMap<>();
        Map<Object, String> firstPathOfInode = new HashMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (var p : (Iterable<Path>) paths.sorted()::iterator) {
                var rel = root.relativize(p).toString();
                Map<String, Object> a =
                        Files.readAttributes(p, "unix:mode,lastModifiedTime,ino,nlink", LinkOption.NOFOLLOW_LINKS);
                var mode = Integer.toOctalString((Integer) a.get("mode") & 07777);
                var mtime = ((FileTime) a.get("lastModifiedTime")).toInstant().getEpochSecond();
                if (Files.isSymbolicLink(p)) {
                    nodes.put(rel, "symlink -> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    nodes.put(rel, "dir mode=" + mode + " mtime=" + mtime);
                } else {
                    var links = (Integer) a.get("nlink");
                    var group = links > 1
                            ? " hardlink-group=" + firstPathOfInode.computeIfAbsent(a.get("ino"), i -> rel)
                            : "";
                    nodes.put(rel, "file sha256=" + sha256(p) + " mode=" + mode + " mtime=" + mtime + group);
                }
            }
        }
        return nodes;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            var buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
