package com.opscenter.archive.format;

import java.time.Instant;

/**
 * One entry line of the {@link Manifest}, one per entry of the tree in archive order:
 * {@code {"path":"volumes/db/a.txt","type":"file","size":12,"mode":"0644","mtime":"2025-10-23T02:00:00.123Z",
 * "sha256":"...","target":null,"uid":0,"gid":0,"user":"root","group":"root"}}.
 * Paths have no trailing slash; {@code sha256} is set for files only, {@code target} for symlinks (the link
 * text) and hard links (the archive path of the first name); {@code size} is 0 except for files.
 *
 * <p>Increments (manifest version {@value ArchiveFormat#MANIFEST_VERSION_INCREMENTAL}): a file whose content an
 * earlier backup holds is listed with {@code from} (that backup's id) and, when the content is stored there under
 * another name, {@code source} (that name); it has no entry in this archive, and its {@code sha256} is the one
 * that backup's manifest gives. {@code ctime}, {@code inode} and {@code device} are what change detection compares;
 * they are written to the local index only ({@link Manifest#indexLine}), never into the archive: null and -1
 * when not known.
 */
public record ManifestEntry(
        String path,
        EntryType type,
        long size,
        int mode,
        Instant mtime,
        String sha256,
        String target,
        long uid,
        long gid,
        String user,
        String group,
        Instant ctime,
        long inode,
        long device,
        String from,
        String source) {

    public ManifestEntry {
        if (from != null && type != EntryType.FILE) {
            throw new IllegalArgumentException("only a file can be held by an earlier backup ('from')");
        }
        if (from == null && source != null) {
            throw new IllegalArgumentException("'source' needs 'from'");
        }
    }

    /** An entry whose content, if any, is in this archive, with no change-detection data. */
    public ManifestEntry(
            String path,
            EntryType type,
            long size,
            int mode,
            Instant mtime,
            String sha256,
            String target,
            long uid,
            long gid,
            String user,
            String group) {
        this(path, type, size, mode, mtime, sha256, target, uid, gid, user, group, null, -1, -1, null, null);
    }

    /** Whether the content is in another backup's archive ({@link #from}), not in this one. */
    public boolean heldElsewhere() {
        return from != null;
    }

    /** The name under which the archive holding the content stores it. */
    public String sourcePath() {
        return source != null ? source : path;
    }

    /** The same entry with the change-detection data the walk saw. */
    public ManifestEntry withIdentity(Instant newCtime, long newInode, long newDevice) {
        return new ManifestEntry(
                path, type, size, mode, mtime, sha256, target, uid, gid, user, group, newCtime, newInode, newDevice,
                from, source);
    }

    /**
     * The same entry, its content held by backup {@code holder} under {@code holderPath} (null when it is this
     * entry's path) with hash {@code holderSha256}.
     */
    public ManifestEntry heldBy(String holder, String holderPath, String holderSha256) {
        return new ManifestEntry(
                path,
                type,
                size,
                mode,
                mtime,
                holderSha256,
                target,
                uid,
                gid,
                user,
                group,
                ctime,
                inode,
                device,
                holder,
                path.equals(holderPath) ? null : holderPath);
    }
}
