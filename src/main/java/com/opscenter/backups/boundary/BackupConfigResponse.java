package com.opscenter.backups.boundary;

import com.opscenter.backups.entity.BackupConfig;
import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record BackupConfigResponse(
        boolean backupEnabled,
        String schedule,
        int retentionDays,
        String backupLocation,
        List<String> includePaths,
        List<String> excludePatterns,
        String compression,
        int compressionLevel,
        String timezone,

        @JsonbNillable List<String> includeVolumes,

        int cloudRetentionDays,

        @Schema(
                description = "OpenPGP encryption of backups: none, cloud (cloud copies only; local "
                        + "archives stay plain) or all (local archives and cloud copies). The key "
                        + "material comes from BACKUP_ENCRYPTION_* and never appears here.")
        String encryption,

        @Schema(
                description = "Whether a backup asked for without a mode is incremental, and when a chain "
                        + "starts again with a full backup")
        IncrementalConfig incremental) {

    static BackupConfigResponse of(BackupConfig config) {
        return new BackupConfigResponse(
                config.backupEnabled(),
                config.schedule(),
                config.retentionDays(),
                config.backupLocation(),
                config.includePaths(),
                config.excludePatterns(),
                config.codec().configName(),
                config.codecLevel(),
                config.timezone(),
                config.includeVolumes(),
                config.cloudRetentionDays(),
                config.encryption(),
                IncrementalConfig.of(config));
    }
}
