package com.opscenter.backups.boundary;

import com.opscenter.archive.Restorer;
import com.opscenter.platform.boundary.Timestamps;

/**
 * One entry of an archive, for a preview before restoring. {@code from}: for a file of an increment that an earlier
 * backup's archive holds, that backup's id (restoring needs it); null, and left out, for everything else.
 */
public record ArchiveEntry(String path, long size, String type, String mtime, String linkTarget, String from) {

    static ArchiveEntry of(Restorer.ContentEntry entry) {
        return new ArchiveEntry(
                entry.path(),
                entry.size(),
                entry.type() == null ? "unsupported" : entry.type().jsonName(),
                Timestamps.iso(entry.mtime()),
                entry.linkTarget(),
                entry.from());
    }
}
