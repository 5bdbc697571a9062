package com.opscenter.backups.control;

import com.opscenter.archive.ArchiveRejectedException;
import com.opscenter.archive.Verifier;
import com.opscenter.archive.format.BackupSidecar;
import com.opscenter.archive.io.DurableFiles;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import com.opscenter.platform.control.NodeIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Admits an archive that arrived from elsewhere (a cloud copy) into the backup folder and the catalog. It is
 * treated as untrusted until proven: the sidecar may only describe an archive of ours, and the archive must
 * match the sidecar's SHA-256 and every entry of its manifest before it is moved into place.
 */
@ApplicationScoped
public class ArchiveImports {

    private static final String STAGING_SUFFIX = ".download.tmp";

    @Inject
    BackupCatalog catalog;

    @Inject
    BackupConfigStore configs;

    @Inject
    NodeIdentity node;

    @Inject
    BackupArchives archives;

    @Inject
    Clock clock;

    /**
     * Checks a sidecar before anything is downloaded for it. {@link ArchiveRejectedException} means what arrived
     * is not the backup its sidecar describes; the staged file is then already gone.
     */
    public static void requireOwnArchive(BackupSidecar sidecar, String expectedId) throws ArchiveRejectedException {
        if (!sidecar.id().equals(expectedId)) {
            throw new ArchiveRejectedException("sidecar of " + expectedId + " describes backup '" + sidecar.id() + "'");
        }
        if (!sidecar.describesOwnArchive()) {
            throw new ArchiveRejectedException("sidecar of " + expectedId + " names an archive that is not its own ("
                    + sidecar.archiveFile() + ")");
        }
        if (sidecar.archiveSha256() == null || sidecar.archiveSha256().isBlank()) {
            throw new ArchiveRejectedException("sidecar of " + expectedId + " records no checksum");
        }
    }

    /** Where a download for this backup is written before it is checked: a temporary name in the backup folder. */
    public Path stagingFile(String backupId) throws IOException {
        if (!BackupIds.isValid(backupId)) {
            throw new IllegalArgumentException("not a backup id: " + backupId);
        }
        var folder = Path.of(configs.current().backupLocation());
        DurableFiles.createPrivateDirectories(folder);
        return folder.resolve(backupId + STAGING_SUFFIX);
    }

    /** The backup id of a download's staging file name ({@link #stagingFile}), or null for any other name. */
    public static String stagedBackupId(String fileName) {
        if (!fileName.endsWith(STAGING_SUFFIX)) {
            return null;
        }
        var id = fileName.substring(0, fileName.length() - STAGING_SUFFIX.length());
        return BackupIds.isValid(id) ? id : null;
    }

    /** Whether the backup's archive is in the local folder already, so there is nothing to fetch. */
    public boolean presentLocally(String backupId) {
        return archives.onDisk(backupId).isPresent();
    }

    public Backup admit(Path staged, BackupSidecar sidecar) throws IOException {
        try {
            requireOwnArchive(sidecar, sidecar.id());
            var problem = SidecarBackups.problem(sidecar, clock.instant());
            if (problem.isPresent()) {
                throw new ArchiveRejectedException("the sidecar of " + sidecar.id() + " is refused: " + problem.get());
            }
            if (presentLocally(sidecar.id())) {
                throw new BackupAlreadyLocal("Backup " + sidecar.id() + " is already in the local catalog");
            }
            var size = Files.size(staged);
            if (size != sidecar.archiveSize()) {
                throw new ArchiveRejectedException("the archive of " + sidecar.id() + " is " + size
                        + " bytes, its sidecar says " + sidecar.archiveSize());
            }
            // An encrypted copy no configured key opens is admitted on its SHA-256; restoring it needs the key.
            var result = new Verifier(
                            Verifier.Limits.forRecordedContent(sidecar.totalBytes()),
                            staged.getParent(),
                            archives.keys())
                    .verify(staged, sidecar.archiveSha256());
            if (!result.valid()) {
                throw new ArchiveRejectedException("the archive of " + sidecar.id() + " failed verification: "
                        + String.join("; ", result.errors().stream().limit(5).toList()));
            }
            var folder = staged.getParent();
            DurableFiles.fsync(staged);
            DurableFiles.moveAtomically(staged, folder.resolve(sidecar.archiveFile()));
            sidecar.write(folder);
            if (catalog.exists(sidecar.id())) {
                catalog.change(
                        sidecar.id(),
                        b -> b.archiveReturned(
                                folder.toString(),
                                sidecar.archiveFile(),
                                sidecar.archiveSize(),
                                sidecar.archiveSha256()));
            } else {
                catalog.add(SidecarBackups.toBackup(sidecar, node.name(), folder));
            }
            return catalog.find(sidecar.id())
                    .filter(b -> b.status() != BackupStatus.MISSING)
                    .orElseThrow();
        } finally {
            Files.deleteIfExists(staged);
        }
    }
}
