package com.opscenter.backups.boundary;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A partial update of the backup configuration: absent fields keep their value. */
public record BackupConfigUpdate(
        Boolean backupEnabled,

        @Size(max = 200, message = "is at most 200 characters")
        String schedule,

        @Min(value = 1, message = "must be at least 1") @Max(value = 36500, message = "must be at most 36500")
        Integer retentionDays,

        @Size(min = 1, max = 1024, message = "is 1 to 1024 characters")
        String backupLocation,

        @Size(max = 100, message = "lists at most 100 paths")
        List<@Size(min = 1, max = 1024, message = "entries are 1 to 1024 characters") String> includePaths,

        @Size(max = 200, message = "lists at most 200 patterns")
        List<@Size(min = 1, max = 255, message = "entries are 1 to 255 characters") String> excludePatterns,

        @Size(max = 10, message = "is at most 10 characters")
        String compression,

        Integer compressionLevel,

        @Size(min = 1, max = 64, message = "is 1 to 64 characters")
        String timezone,

        @Size(max = 1000, message = "lists at most 1000 volumes")
        List<@Size(min = 1, max = 255, message = "volume names are 1 to 255 characters") String> includeVolumes,

        @Min(value = 0, message = "must be at least 0 (0: as long as retention_days)")
        @Max(value = 36500, message = "must be at most 36500")
        Integer cloudRetentionDays,

        /* none, cloud (cloud copies only) or all (local archives and cloud copies) */
        @Size(max = 10, message = "is at most 10 characters")
        @Schema(
                description = "OpenPGP encryption of backups: none, cloud (cloud copies only; local "
                        + "archives stay plain) or all (local archives and cloud copies). The key "
                        + "material comes from BACKUP_ENCRYPTION_* and never appears here.")
        String encryption,

        /* enabled, full_every_days, full_every_increments; each optional */
        @Schema(
                description = "Whether a backup asked for without a mode is incremental, and when a chain "
                        + "starts again with a full backup")
        IncrementalConfig incremental) {}
