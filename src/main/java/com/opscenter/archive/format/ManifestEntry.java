package com.opscenter.archive.format;

import java.time.Instant;

/**
 * One entry line of the {@link Manifest}, one per archive entry in archive order:
 * {@code {"path":"volumes/db/a.txt","type":"file","size":12,"mode":"0644","mtime":"2025-10-23T02:00:00.123Z",
 * "sha256":"...","target":null,"uid":0,"gid":0,"user":"root","group":"root"}}.
 * Paths have no trailing slash; {@code sha256} is set for files only, {@code target} for symlinks (the link
 * text) and hard links (the archive path of the first name); {@code size} is 0 except for files.
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
        String group) {}
