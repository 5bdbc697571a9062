package com.opscenter.backups.boundary;

import jakarta.validation.constraints.Size;
import java.util.Optional;

/**
 * The spec's restore request. {@code volume} is our addition: restore that one volume in place instead of into
 * a folder; {@code stop_containers}, with {@code volume}: stop the running containers that mount it for the
 * restore and start them again after it (without it, a volume in use is refused with 409). {@code backup_id} may repeat the id of the path, as the spec's example does, or be left out.
 */
public record RestoreRequest(
        String backupId,

        @Size(max = 4096, message = "is at most 4096 characters")
        String restorePath,

        Boolean verifyBeforeRestore,

        @Size(min = 1, max = 255, message = "is 1 to 255 characters")
        String volume,

        Boolean stopContainers) {

    /** No body at all: restore into a new folder, verifying first. */
    static final RestoreRequest DEFAULTS = new RestoreRequest(null, null, null, null, null);

    /**
     * Why this body cannot go with the backup named in the path, if it cannot: a different {@code backup_id} is a
     * contradiction, and restoring either backup could be the wrong one.
     */
    Optional<String> conflictWith(String pathBackupId) {
        if (backupId == null || backupId.equals(pathBackupId)) {
            return Optional.empty();
        }
        return Optional.of("backup_id in the body (\"" + backupId + "\") is not the backup in the path (\""
                + pathBackupId + "\"); send the same id or leave backup_id out");
    }
}
