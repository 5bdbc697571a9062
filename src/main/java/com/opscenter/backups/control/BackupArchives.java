package com.opscenter.backups.control;

import com.opscenter.archive.Restorer;
import com.opscenter.archive.Verifier;
import com.opscenter.archive.crypt.ArchiveKeyException;
import com.opscenter.archive.crypt.ArchiveKeys;
import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/**
 * The archives behind catalog entries: finding them (and noticing when they vanished), verifying, listing and
 * deleting them.
 */
@ApplicationScoped
public class BackupArchives {

    /** The archive engine's threads: container-managed. */
    @Resource
    ManagedThreadFactory threads;

    private BackupCatalog catalog;
    private BackupUsage usage;
    private Event<BackupVerified> verified;
    private Event<BackupDeleted> deleted;

    /** The container's threads, or plain ones in unit tests. */
    private ThreadFactory engineThreads;

    /** The keys that open encrypted archives; null in unit tests: none. */
    @Inject
    BackupEncryption encryption;

    /**
     * Off-site storage (the cloud feature), which fetches a backup whose archive is not on local disk; null in unit
     * tests: nothing is fetched.
     */
    @Inject
    OffsiteCopies offsite;

    /** For the container's client proxy, and for fakes in unit tests. */
    protected BackupArchives() {}

    @Inject
    public BackupArchives(
            BackupCatalog catalog, BackupUsage usage, Event<BackupVerified> verified, Event<BackupDeleted> deleted) {
        this.catalog = catalog;
        this.usage = usage;
        this.verified = verified;
        this.deleted = deleted;
    }

    /** Outside the container: engine threads from the caller. */
    public BackupArchives(
            BackupCatalog catalog,
            BackupUsage usage,
            Event<BackupVerified> verified,
            Event<BackupDeleted> deleted,
            ThreadFactory engineThreads) {
        this(catalog, usage, verified, deleted);
        this.engineThreads = engineThreads;
    }

    @PostConstruct
    void useContainerThreads() {
        engineThreads = threads;
    }

    public Backup backup(String id) {
        if (!BackupIds.isValid(id)) {
            throw new BackupNotFound("Backup " + id + " not found");
        }
        var backup = catalog.find(id).orElseThrow(() -> new BackupNotFound("Backup " + id + " not found"));
        return returned(backup) ? catalog.find(id).orElse(backup) : backup;
    }

    /**
     * Makes every {@code missing} backup whose archive is back on disk usable again (see
     * {@link SidecarBackups#archiveBack}); the catalog follows the folder. Returns how many came back.
     */
    public int settleMissing() {
        int back = 0;
        for (var missing : catalog.missingArchives()) {
            if (SidecarBackups.archiveBack(missing.archiveFile(), missing.sizeBytes(), Path.of(missing.location()))
                    && markReturned(missing.id())) {
                back++;
            }
        }
        return back;
    }

    private boolean returned(Backup backup) {
        return SidecarBackups.archiveBack(backup, Path.of(backup.location())) && markReturned(backup.id());
    }

    private boolean markReturned(String id) {
        return catalog.change(id, b -> {
            if (b.status() == BackupStatus.MISSING) {
                b.archiveReturned(b.location());
            }
        });
    }

    /**
     * The archive of a finished backup. One that vanished from disk is marked {@code missing} and answers
     * 410 Gone, until it is back; a running or failed backup has no archive to offer (409).
     */
    public Path archive(Backup backup) {
        if (backup.status() == BackupStatus.RUNNING || backup.status() == BackupStatus.FAILED) {
            throw new BackupWithoutArchive(
                    "Backup " + backup.id() + " is " + backup.status().wireName() + " and has no archive");
        }
        var archive = Path.of(backup.location()).resolve(backup.archiveFile());
        var usable = backup.status() == BackupStatus.MISSING
                ? returned(backup)
                : Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS);
        if (!usable) {
            catalog.change(backup.id(), Backup::markMissing);
            throw new ArchiveMissing("The archive of backup " + backup.id() + " is missing from " + backup.location()
                    + " (status missing)");
        }
        return archive;
    }

    /** What keeping {@code backup} takes: its archive and those of the backups it depends on that are usable. */
    public long chainSize(Backup backup) {
        var held = backup.dependsOn();
        return backup.sizeBytes()
                + (held.isEmpty()
                        ? 0
                        : catalog.completedSizes(held).values().stream()
                                .mapToLong(Long::longValue)
                                .sum());
    }

    /** Whether a finished backup's archive is on disk, without marking anything. */
    public boolean hasArchive(Backup backup) {
        return backup.status().isComplete()
                && backup.archiveFile() != null
                && Files.isRegularFile(
                        Path.of(backup.location()).resolve(backup.archiveFile()), LinkOption.NOFOLLOW_LINKS);
    }

    /** The backup, when it is in the catalog with its archive on disk. */
    public Optional<Backup> onDisk(String id) {
        return BackupIds.isValid(id) ? catalog.find(id).filter(this::hasArchive) : Optional.empty();
    }

    public Verifier.Result verify(Backup backup) {
        var archive = archive(backup);
        Verifier.Result result;
        try (var use = usage.begin(backup.id(), BackupUsage.Use.VERIFYING)) {
            result = verify(backup, archive);
        }
        verified.fire(new BackupVerified(backup.id(), result.valid()));
        return result;
    }

    /**
     * Checks an archive against the catalog, reading no more content than the backup recorded. An encrypted
     * archive no configured key opens is checked by its SHA-256 only, and the result says so.
     */
    Verifier.Result verify(Backup backup, Path archive) {
        return new Verifier(Verifier.Limits.forRecordedContent(backup.bytesTotal()), archive.getParent(), keys())
                .verify(archive, backup.sha256(), holdings(backup));
    }

    /**
     * Refuses (409) an encrypted archive that {@code keys} do not open, by its key packets alone, before anything
     * long starts; a plain archive passes.
     */
    void requireOpens(Backup backup, Path archive, ArchiveKeys keys) throws IOException {
        if (!archive.getFileName().toString().endsWith(ArchiveFormat.ENCRYPTED_SUFFIX)) {
            return;
        }
        try (var in = new java.io.BufferedInputStream(Files.newInputStream(archive))) {
            keys.decrypt(in).close();
        } catch (ArchiveKeyException e) {
            throw BackupEncryption.refused(backup.id(), e);
        } catch (IOException e) {
            // Damaged: the restore or verification that follows says how.
        }
    }

    /**
     * The archives of the backups {@code backup} depends on (none for a full backup): from local disk, or fetched
     * from off-site storage into the backup folder as {@link #local} does.
     */
    ChainArchives holdings(Backup backup) {
        return ChainArchives.of(catalog, backup, id -> local(id).map(Local::backup));
    }

    /** A backup whose archive is on local disk, and the off-site target it was fetched from (null: it was here). */
    public record Local(Backup backup, String fetchedFrom) {}

    /**
     * The backup with its archive on local disk: as it is, or downloaded, verified and catalogued into the backup
     * folder from off-site storage when only a copy there has it (the download checks the folder has room first).
     * Empty when neither has it. The one way a restore, and a chain's holder, come back from the cloud.
     */
    public Optional<Local> local(String id) {
        var here = onDisk(id);
        if (here.isPresent() || offsite == null) {
            return here.map(b -> new Local(b, null));
        }
        try {
            return offsite.fetch(id).map(f -> new Local(f.backup(), f.target()));
        } catch (BackupAlreadyLocal e) {
            // Another restore or verification fetched it a moment ago.
            return onDisk(id).map(b -> new Local(b, null));
        }
    }

    /** What opens encrypted archives here. */
    ArchiveKeys keys() {
        return encryption == null ? ArchiveKeys.NONE : encryption.keys();
    }

    /**
     * One page of the archive's entries, in archive order, with the number of entries in all. An increment's are
     * its whole tree, each file another backup holds with that backup's id ({@code from}).
     */
    public Restorer.ContentPage contents(Backup backup, long offset, int limit) throws IOException {
        var archive = archive(backup);
        try (var use = usage.begin(backup.id(), BackupUsage.Use.VERIFYING)) {
            return new Restorer(engineThreads, keys()).listContents(archive, offset, limit);
        } catch (ArchiveKeyException e) {
            throw BackupEncryption.refused(backup.id(), e);
        }
    }

    /**
     * Removes archive, sidecar and catalog row together; refuses while anything uses the backup, and while
     * any backup (finished or running, anything but failed) depends on it: a chain is never broken.
     */
    public void delete(String id) throws IOException {
        var backup = backup(id);
        if (backup.status() == BackupStatus.RUNNING) {
            throw new BackupRunning("Backup " + id + " is still running");
        }
        var use = usage.current(id);
        if (use.isPresent()) {
            throw new BackupInUse(
                    "Backup " + id + " is in use (" + use.get().name().toLowerCase() + ")");
        }
        var dependants = catalog.dependants(id);
        if (!dependants.isEmpty()) {
            throw new BackupDependedOn(id, dependants);
        }
        removeFiles(backup);
        catalog.remove(id);
        deleted.fire(new BackupDeleted(id));
    }

    /**
     * Archive first: a sidecar left behind by a failure reads as a missing archive on rebuild, while an archive
     * without its sidecar would be an orphan nobody can verify.
     */
    void removeFiles(Backup backup) throws IOException {
        var folder = Path.of(backup.location());
        if (backup.archiveFile() != null) {
            Files.deleteIfExists(folder.resolve(backup.archiveFile()));
        }
        Files.deleteIfExists(ArchiveFormat.sidecarPath(folder, backup.id()));
        // The index only serves the next increment's comparison; without the archive it describes nothing.
        Files.deleteIfExists(ArchiveFormat.indexPath(folder, backup.id()));
        Files.deleteIfExists(ArchiveFormat.tempIndexPath(folder, backup.id()));
        Files.deleteIfExists(ArchiveFormat.tempArchivePath(folder, backup.id()));
    }
}
