package com.opscenter.backups.control;

import com.opscenter.archive.Codec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Deployment settings of the backup feature. The backup configuration users change through the API lives in
 * the database; these give its first defaults and the limits that no API call may move.
 */
@ApplicationScoped
public class BackupSettings {

    @Inject
    @ConfigProperty(name = "backup.location")
    String backupLocation;

    @Inject
    @ConfigProperty(name = "restore.root")
    String restoreRoot;

    @Inject
    @ConfigProperty(name = "backup.default.schedule", defaultValue = "0 2 * * *")
    String defaultSchedule;

    @Inject
    @ConfigProperty(name = "backup.default.retention.days", defaultValue = "7")
    int defaultRetentionDays;

    @Inject
    @ConfigProperty(name = "backup.default.include.paths")
    Optional<List<String>> defaultIncludePaths;

    @Inject
    @ConfigProperty(name = "backup.default.exclude.patterns", defaultValue = "*.tmp,*.lock,__pycache__")
    List<String> defaultExcludePatterns;

    @Inject
    @ConfigProperty(name = "backup.default.codec", defaultValue = "gzip")
    String defaultCodec;

    @Inject
    @ConfigProperty(name = "backup.default.timezone", defaultValue = "UTC")
    String defaultTimezone;

    /** Free space a backup must leave on the backup disk beyond its own estimated size. */
    @Inject
    @ConfigProperty(name = "backup.min.free.bytes", defaultValue = "104857600")
    long minFreeBytes;

    public Path defaultBackupLocation() {
        return Path.of(backupLocation);
    }

    public Path restoreRoot() {
        return Path.of(restoreRoot);
    }

    public String defaultSchedule() {
        return defaultSchedule;
    }

    public int defaultRetentionDays() {
        return defaultRetentionDays;
    }

    public List<String> defaultIncludePaths() {
        return defaultIncludePaths.orElse(List.of());
    }

    public List<String> defaultExcludePatterns() {
        return defaultExcludePatterns;
    }

    public Codec defaultCodec() {
        return Codec.fromName(defaultCodec);
    }

    public String defaultTimezone() {
        return defaultTimezone;
    }

    public long minFreeBytes() {
        return minFreeBytes;
    }
}
