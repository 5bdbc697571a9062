package com.opscenter.archive;

import com.opscenter.archive.format.EntryType;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** The safety rules for entry names and link targets of an untrusted archive, and the entry kinds we accept. */
final class EntryNames {

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

    /** The kind of a tar entry, or null for kinds an archive of ours never holds (devices, ...). */
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
        if (entry.isFIFO()) {
            return EntryType.FIFO;
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
