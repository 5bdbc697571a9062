package com.opscenter.archive;

import com.opscenter.archive.format.EntryType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** The safety rules for entry names and link targets of an untrusted archive, and the entry kinds we accept. */
final class EntryNames {

    private static final int MAX_LINK_HOPS = 40;

    private EntryNames() {}

    /**
     * The relative path segments of an entry name. Absolute names and {@code ..} are refused outright rather
     * than stripped, since either means the archive was not made by us.
     */
    static List<String> segments(String name, String entryForError) throws RestoreRejectedException {
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

    static boolean startsWith(List<String> segs, List<String> prefix) {
        return segs.size() >= prefix.size() && segs.subList(0, prefix.size()).equals(prefix);
    }

    /**
     * Resolves a link target against the final tree, following the other archived links, and refuses it if
     * it leaves the destination or is the destination itself. Absolute targets are always refused.
     */
    static void checkSymlinkTarget(String key, String target, Map<String, String> symlinks)
            throws RestoreRejectedException {
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

    /** The kind of a tar entry, or null for kinds an archive of ours never holds (devices, FIFOs, ...). */
    static EntryType typeOf(TarArchiveEntry entry) {
        if (entry.isDirectory()) {
            return EntryType.DIRECTORY;
        }
        if (entry.isSymbolicLink()) {
            return EntryType.SYMLINK;
        }
        if (entry.isLink()) {
            return EntryType.HARDLINK;
        }
        byte flag = entry.getLinkFlag();
        if (flag == '0' || flag == 0 || flag == '7') {
            return EntryType.FILE;
        }
        return null;
    }

    /** The entry name as the manifest has it: without the trailing slash of a folder. */
    static String stripSlash(String name) {
        String n = name;
        while (n.endsWith("/") && n.length() > 1) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }
}
