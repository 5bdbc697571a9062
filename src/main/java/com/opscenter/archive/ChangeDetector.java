package com.opscenter.archive;

import com.opscenter.archive.format.EntryType;
import com.opscenter.archive.format.ManifestEntry;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Decides, on the walker thread and before anything is read, whether a regular file is unchanged since the base
 * backup: a merge of the walk with a streaming read of the base's index, both in walk order (depth-first, names
 * sorted by their UTF-8 bytes). Unchanged means the base lists the same path as a file, or as a hard link to a
 * file, with the same size, mtime, ctime, inode, device, mode, uid and gid, and changed at least
 * {@link #RACY_WINDOW} before the base started.
 *
 * <p>Memory is bounded whatever the tree's size: the index is never held, only its current line, and the last
 * {@value #RECENT_FILES} file entries, which resolve a base hard link to its first name (always earlier in the
 * same source). A target that fell out of that window only costs storing the file again. Every doubt (a line out
 * of order, a source the base does not have where expected, an unreadable index) makes a file changed, so the
 * archive is complete by construction; an unreadable index is said once, as a warning.
 */
final class ChangeDetector implements Closeable {

    /** Where an unchanged file's content is: the backup whose archive holds it, the name there, its SHA-256. */
    record Holder(String from, String source, String sha256) {}

    static final int RECENT_FILES = 4096;

    /**
     * A file changed while the base was being written could change again within the same timestamp tick (a few
     * milliseconds on ext4) after it was read: its metadata would then match content the base does not hold. So
     * a file whose ctime is not at least this long before the base started is read again (as git does with
     * "racily clean" entries); it costs a re-read of what changed in the second before a backup.
     */
    static final Duration RACY_WINDOW = Duration.ofSeconds(1);

    /** The recent file entries (a long path and owner names each at most) and the index's read buffers. */
    static final long HEAP_BYTES = 5L << 20;

    private final ArchiveSpec.Base base;
    private final Consumer<String> warn;
    private final Map<String, ManifestEntry> recentFiles = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ManifestEntry> eldest) {
            return size() > RECENT_FILES;
        }
    };
    private BaseIndex index;
    /** Files whose ctime is not before this may have changed again, unseen, while the base read them. */
    private Instant racyAfter;

    private ManifestEntry current;
    private boolean failed;

    ChangeDetector(ArchiveSpec.Base base, Consumer<String> warn) {
        this.base = base;
        this.warn = warn;
    }

    /**
     * A source's walk starts: the index is positioned at its root. Sources are walked in the order of the spec,
     * which need not be the order of their names, so this may read the index again from its start.
     */
    void startSource(String prefix) throws IOException {
        if (failed) {
            return;
        }
        try {
            if (index == null) {
                open();
            }
            boolean fromStart = index.entriesRead() <= 1;
            if (!seek(prefix) && !fromStart) {
                index.close();
                open();
                seek(prefix);
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /** Where the content of the regular file {@code name} is held, if it is unchanged; null if it must be read. */
    Holder unchanged(String name, Map<String, Object> attrs) throws IOException {
        if (failed || index == null) {
            return null;
        }
        try {
            while (current != null && compare(current.path(), name) < 0) {
                advance();
            }
            if (current == null || !current.path().equals(name)) {
                return null;
            }
            // Not consumed yet: the next call moves past it, so a damaged line after it does not undo this match.
            return holder(current, attrs);
        } catch (IOException | RuntimeException e) {
            fail(e);
            return null;
        }
    }

    private Holder holder(ManifestEntry seen, Map<String, Object> attrs) {
        ManifestEntry content = switch (seen.type()) {
            case FILE -> seen;
            case HARDLINK -> seen.target() == null ? null : recentFiles.get(seen.target());
            default -> null;
        };
        if (seen.ctime() == null || (content != null && content.ctime() == null)) {
            return null;
        }
        if (content == null
                || content.type() != EntryType.FILE
                || content.sha256() == null
                || !content.ctime().isBefore(racyAfter)
                || !sameInode(seen, attrs, seen == content)
                || !sameInode(content, attrs, true)) {
            return null;
        }
        return content.heldElsewhere()
                ? new Holder(content.from(), content.sourcePath(), content.sha256())
                : new Holder(base.id(), content.path(), content.sha256());
    }

    /** What change detection compares; a hard link's own line has size 0, its target's has the size. */
    private static boolean sameInode(ManifestEntry e, Map<String, Object> attrs, boolean withSize) {
        return (!withSize || e.size() == (Long) attrs.get("size"))
                && e.mode() == ((Integer) attrs.get("mode") & 07777)
                && e.mtime().equals(((FileTime) attrs.get("lastModifiedTime")).toInstant())
                && e.ctime() != null
                && e.ctime().equals(((FileTime) attrs.get("ctime")).toInstant())
                && e.inode() >= 0
                && e.inode() == (Long) attrs.get("ino")
                && e.device() >= 0
                && e.device() == (Long) attrs.get("dev")
                && e.uid() == (Integer) attrs.get("uid")
                && e.gid() == (Integer) attrs.get("gid");
    }

    private void open() throws IOException {
        index = new BaseIndex(base.index());
        racyAfter = index.created().minus(RACY_WINDOW);
        current = null;
        advance();
    }

    private boolean seek(String prefix) throws IOException {
        while (current != null && !current.path().equals(prefix)) {
            advance();
        }
        return current != null;
    }

    private void advance() throws IOException {
        SourceWalker.checkCancelled();
        current = index.next();
        if (current != null && current.type() == EntryType.FILE) {
            recentFiles.put(current.path(), current);
        }
    }

    private void fail(Exception e) throws IOException {
        if (e instanceof InterruptedIOException
                || e instanceof ClosedByInterruptException
                || Thread.currentThread().isInterrupted()) {
            throw e instanceof IOException io ? io : new InterruptedIOException("backup interrupted");
        }
        failed = true;
        long read = index == null ? 0 : index.entriesRead();
        closeQuietly();
        String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        warn.accept("base index of " + base.id() + " unreadable after " + read + " entries (" + reason
                + "); the rest was stored in full");
    }

    /**
     * Walk order of two archive paths: name by name, each compared by code point (which is the order of the UTF-8
     * bytes the walk sorts by), a name before any longer one it begins.
     */
    static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                int cx = x == '/' ? -1 : a.codePointAt(i);
                int cy = y == '/' ? -1 : b.codePointAt(i);
                return Integer.compare(cx, cy);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    private void closeQuietly() {
        if (index != null) {
            try {
                index.close();
            } catch (IOException ignored) {
                // only read from
            }
            index = null;
        }
        current = null;
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
