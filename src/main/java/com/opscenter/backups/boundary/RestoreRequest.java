package com.opscenter.backups.boundary;

import com.opscenter.archive.Selection;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The spec's restore request. {@code volume} is our addition: restore that one volume in place instead of into
 * a folder; {@code stop_containers}, with {@code volume}: stop the running containers that mount it for the
 * restore and start them again after it (without it, a volume in use is refused with 409). {@code backup_id} may repeat the id of the path, as the spec's example does, or be left out.
 * {@code paths}, also ours, restores only those entries (see its schema), as {@code restic restore --include} does.
 */
public record RestoreRequest(
        String backupId,

        @Size(max = 4096, message = "is at most 4096 characters")
        String restorePath,

        Boolean verifyBeforeRestore,

        @Size(min = 1, max = 255, message = "is 1 to 255 characters")
        String volume,

        Boolean stopContainers,

        @Schema(
                description = "Restore only these entries of the backup, each with everything under it:"
                        + " names exactly as GET /api/v1/backups/{backup_id}/contents lists them, such as"
                        + " \"volumes/db/docs\" or \"volumes/db/a.txt\"; 1 to 1000 relative paths"
                        + " without '.', '..' or empty segments, each at most 4096 characters. They come"
                        + " out under the same paths in the restore folder; a hard link whose target is"
                        + " not selected comes out as a file with that content. Only into a folder: with"
                        + " volume it is refused (400), since a restore in place replaces the whole"
                        + " volume. A path the backup does not hold is refused (400) before anything is"
                        + " written. Left out: the whole backup.",
                example = "[\"volumes/app-data/docs\"]")
        @Size(min = 1, max = Selection.MAX_PATHS, message = "names 1 to " + Selection.MAX_PATHS + " paths")
        List<
                        @NotNull(message = "must not be null")
                        @Size(
                                max = Selection.MAX_PATH_LENGTH,
                                message = "is at most " + Selection.MAX_PATH_LENGTH + " characters")
                        String>
                paths) {

    /** No body at all: restore into a new folder, verifying first. */
    static final RestoreRequest DEFAULTS = new RestoreRequest(null, null, null, null, null, null);

    /** Why {@code paths} cannot be restored, if it cannot: an empty, absolute or dotted path, or too many. */
    Optional<String> pathsProblem() {
        return paths == null ? Optional.empty() : Selection.problemWith(paths).map(problem -> "paths: " + problem);
    }

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
