package com.opscenter.backups.boundary;

import com.opscenter.backups.entity.BackupConfig;
import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;

public record BackupConfigResponse(
        @JsonbProperty("backup_enabled") boolean backupEnabled,
        String schedule,
        @JsonbProperty("retention_days") int retentionDays,
        @JsonbProperty("backup_location") String backupLocation,
        @JsonbProperty("include_paths") List<String> includePaths,
        @JsonbProperty("exclude_patterns") List<String> excludePatterns,
        String compression,
        @JsonbProperty("compression_level") int compressionLevel,
        String timezone,

        @JsonbProperty(value = "include_volumes", nillable = true)
        List<String> includeVolumes,

        @JsonbProperty("cloud_retention_days") int cloudRetentionDays) {

    static BackupConfigResponse of(BackupConfig config) {
        return new BackupConfigResponse(
                config.backupEnabled(),
                config.schedule(),
                config.retentionDays(),
                config.backupLocation(),
                config.includePaths(),
                config.excludePatterns(),
                config.codec(),
                config.codecLevel(),
                config.timezone(),
                config.includeVolumes(),
                config.cloudRetentionDays());
    }
}
