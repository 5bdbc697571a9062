package com.opscenter.archive;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The archives an increment's files are held in: for a backup id named as {@code from} in its manifest, that
 * backup's archive and the SHA-256 recorded for it. Throws {@link ChainLinkMissingException} when the backup is not
 * available, and may refuse ({@link RestoreRejectedException}) an id that is not part of the chain at all.
 */
@FunctionalInterface
public interface HoldingArchives {

    /** No chain: every holder is missing. What a restore or verification without holdings uses. */
    HoldingArchives NONE = id -> {
        throw new ChainLinkMissingException(id, null, "no earlier backups were given");
    };

    Holding holding(String backupId) throws IOException;

    /** A holder's archive as stored, and the SHA-256 its catalog entry or sidecar records. */
    record Holding(Path archive, String sha256) {}
}
