package com.opscenter.backups.control;

import com.opscenter.archive.ChainLinkMissingException;
import com.opscenter.archive.HoldingArchives;
import com.opscenter.archive.RestoreRejectedException;
import com.opscenter.backups.entity.Backup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The archives of the backups an increment depends on, as this server has them: from the catalog, on local disk.
 * Only the backups the increment's catalog entry says it depends on are offered; a manifest naming any other is
 * refused. A holder whose archive is only in the cloud counts as missing for now (fetching it is a later step).
 */
final class ChainArchives implements HoldingArchives {

    private final BackupCatalog catalog;
    private final Backup increment;

    private ChainArchives(BackupCatalog catalog, Backup increment) {
        this.catalog = catalog;
        this.increment = increment;
    }

    /** The holdings of {@code backup}'s chain; for a full backup no holder is ever asked for. */
    static HoldingArchives of(BackupCatalog catalog, Backup backup) {
        return new ChainArchives(catalog, backup);
    }

    @Override
    public Holding holding(String backupId) throws IOException {
        if (!increment.dependsOn().contains(backupId)) {
            throw new RestoreRejectedException(
                    null,
                    "the archive of " + increment.id() + " says " + backupId + " holds some of its files, but "
                            + increment.id() + " does not depend on " + backupId);
        }
        var holder = catalog.find(backupId)
                .orElseThrow(() -> new ChainLinkMissingException(backupId, increment.id(), "it is not in the catalog"));
        if (!holder.status().isComplete() || holder.archiveFile() == null) {
            throw new ChainLinkMissingException(
                    backupId, increment.id(), "it is " + holder.status().wireName());
        }
        var archive = Path.of(holder.location()).resolve(holder.archiveFile());
        if (!Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS)) {
            throw new ChainLinkMissingException(
                    backupId,
                    increment.id(),
                    "its archive is not on this server's disk (a copy in the cloud is not fetched for this yet)");
        }
        return new Holding(archive, holder.sha256());
    }
}
