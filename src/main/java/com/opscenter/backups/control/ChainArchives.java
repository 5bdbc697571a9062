package com.opscenter.backups.control;

import com.opscenter.archive.ChainLinkMissingException;
import com.opscenter.archive.HoldingArchives;
import com.opscenter.archive.RestoreRejectedException;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

/**
 * The archives of the backups an increment depends on, as this server has them: from the catalog, on local disk,
 * or else fetched from off-site storage into the backup folder (downloaded, verified, catalogued) the way a
 * restore fetches a cloud-only backup. Only the backups the increment's catalog entry says it depends on are
 * offered, and so only they are ever fetched; a manifest naming any other is refused.
 */
final class ChainArchives implements HoldingArchives {

    /** A backup with its archive on local disk, fetched from off-site storage first when only a copy there has it. */
    @FunctionalInterface
    interface Fetching {
        Fetching NEVER = id -> Optional.empty();

        Optional<Backup> local(String backupId);
    }

    private final BackupCatalog catalog;
    private final Backup increment;
    private final Fetching fetching;

    private ChainArchives(BackupCatalog catalog, Backup increment, Fetching fetching) {
        this.catalog = catalog;
        this.increment = increment;
        this.fetching = fetching;
    }

    /** The holdings of {@code backup}'s chain on local disk only; for a full backup no holder is ever asked for. */
    static ChainArchives of(BackupCatalog catalog, Backup backup) {
        return of(catalog, backup, Fetching.NEVER);
    }

    /** As {@link #of(BackupCatalog, Backup)}, fetching a holder that is not on local disk through {@code fetching}. */
    static ChainArchives of(BackupCatalog catalog, Backup backup, Fetching fetching) {
        return new ChainArchives(catalog, backup, fetching);
    }

    /**
     * Makes every backup of the chain available before anything is written: a restore fetches what it needs
     * first, not halfway through (nor while the containers of a volume restored in place are stopped).
     */
    void requireAll() throws ChainLinkMissingException {
        require(increment.dependsOn());
    }

    /** As {@link #requireAll}, for the given backups of the chain only: those a partial restore reads. */
    void require(Collection<String> holders) throws ChainLinkMissingException {
        for (var holder : increment.dependsOn()) {
            if (!holders.contains(holder)) {
                continue;
            }
            try {
                holding(holder);
            } catch (ChainLinkMissingException e) {
                throw e;
            } catch (IOException e) {
                // Not reached: every backup of depends_on is offered.
                throw new ChainLinkMissingException(holder, increment.id(), e.getMessage());
            }
        }
    }

    @Override
    public Holding holding(String backupId) throws IOException {
        if (!increment.dependsOn().contains(backupId)) {
            throw new RestoreRejectedException(
                    null,
                    "the archive of " + increment.id() + " says " + backupId + " holds some of its files, but "
                            + increment.id() + " does not depend on " + backupId);
        }
        var known = catalog.find(backupId);
        if (known.isPresent()) {
            var holder = known.get();
            if (onDisk(holder)) {
                return holdingOf(holder);
            }
            if (holder.status() != BackupStatus.MISSING && !holder.status().isComplete()) {
                // Running or failed: no copy anywhere is this backup's finished archive.
                throw new ChainLinkMissingException(
                        backupId, increment.id(), "it is " + holder.status().wireName());
            }
        }
        Optional<Backup> fetched;
        try {
            fetched = fetching.local(backupId);
        } catch (RuntimeException e) {
            // Off-site storage failed, or the backup folder has no room for it: the chain is broken for now.
            throw new ChainLinkMissingException(
                    backupId, increment.id(), "fetching it from the cloud failed: " + e.getMessage());
        }
        if (fetched.isPresent() && onDisk(fetched.get())) {
            return holdingOf(fetched.get());
        }
        throw new ChainLinkMissingException(
                backupId,
                increment.id(),
                known.isEmpty()
                        ? "it is not in the catalog, nor on any cloud target"
                        : "its archive is not on this server's disk, nor on any cloud target");
    }

    private static boolean onDisk(Backup holder) {
        return holder.status().isComplete()
                && holder.archiveFile() != null
                && Files.isRegularFile(archiveOf(holder), LinkOption.NOFOLLOW_LINKS);
    }

    private static Path archiveOf(Backup holder) {
        return Path.of(holder.location()).resolve(holder.archiveFile());
    }

    private static Holding holdingOf(Backup holder) {
        return new Holding(archiveOf(holder), holder.sha256());
    }
}
