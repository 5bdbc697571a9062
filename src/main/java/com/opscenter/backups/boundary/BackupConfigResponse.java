package com.opscenter.backups.boundary;

import com.opscenter.backups.entity.BackupConfig;
import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;

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
        String encryption,
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
