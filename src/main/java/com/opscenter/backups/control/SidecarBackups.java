package com.opscenter.backups.control;

import com.opscenter.archive.format.BackupSidecar;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupType;
import java.nio.file.Path;

/** Turns the engine's sidecar into a catalog entry: the one place where the archive format meets the entity. */
final class SidecarBackups {

    private SidecarBackups() {}

    /** The catalog entry for an archive found complete in {@code folder}. */
    static Backup toBackup(BackupSidecar sidecar, String node, Path folder) {
        return Backup.fromArchive(
                sidecar.id(),
                "scheduled".equalsIgnoreCase(sidecar.type()) ? BackupType.SCHEDULED : BackupType.MANUAL,
                sidecar.description(),
                sidecar.codec(),
                sidecar.timestamp(),
                sidecar.completedAt(),
                sidecar.archiveFile(),
                sidecar.archiveSize(),
                sidecar.archiveSha256(),
                sidecar.filesCount(),
                sidecar.totalBytes(),
                sidecar.volumes(),
                sidecar.paths(),
                sidecar.warnings(),
                node,
                folder.toString());
    }
}
