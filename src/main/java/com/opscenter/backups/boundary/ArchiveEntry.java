package com.opscenter.backups.boundary;

import com.opscenter.archive.Restorer;
import com.opscenter.platform.boundary.Timestamps;

/** One entry of an archive, for a preview before restoring. */
public record ArchiveEntry(String path, long size, String type, String mtime, String linkTarget) {

    static ArchiveEntry of(Restorer.ContentEntry entry) {
        return new ArchiveEntry(
                entry.path(),
                entry.size(),
                entry.type() == null ? "unsupported" : entry.type().jsonName(),
                Timestamps.iso(entry.mtime()),
                entry.linkTarget());
    }
}
