package com.opscenter.backups.control;

import com.opscenter.archive.Codec;
import jakarta.enterprise.context.Dependent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Deployment settings of the backup feature. The backup configuration users change through the API lives in
 * the database; these give its first defaults and the limits that no API call may move. The names are full
 * keys (no common prefix); the defaults are in META-INF/microprofile-config.properties, the folders in server.xml.
 */
@ConfigProperties
@Dependent
public class BackupSettings {

    @ConfigProperty(name = "backup.location")
    String backupLocation;

    @ConfigProperty(name = "restore.root")
    String restoreRoot;

    @ConfigProperty(name = "backup.default.schedule")
    String defaultSchedule;

    @ConfigProperty(name = "backup.default.retention.days")
    int defaultRetentionDays;

    @ConfigProperty(name = "backup.default.include.paths")
    Optional<String> defaultIncludePaths;

    @ConfigProperty(name = "backup.default.exclude.patterns")
    List<String> defaultExcludePatterns;

    /** Read by name ({@code gzip}, {@code zstd}, ...) through {@link CodecSetting}. */
    @ConfigProperty(name = "backup.default.codec")
    Codec defaultCodec;

    @ConfigProperty(name = "backup.default.timezone")
    String defaultTimezone;

    /** Free space a backup must leave on the backup disk beyond its own estimated size. */
    @ConfigProperty(name = "backup.min.free.bytes")
    long minFreeBytes;

    /** Below this much free space on the backup disk, readiness reports DOWN. */
    @ConfigProperty(name = "health.backup.min.free.bytes")
    long healthMinFreeBytes;

    /**
     * How long a server vouches for a backup it runs (and an upload in progress) without renewing; renewed four
     * times per lease. Once it has run out, any server may fail the backup.
     */
    @ConfigProperty(name = "backup.lease")
    Duration lease;

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
        // A comma-separated list, read as one value: nested generics are beyond some @ConfigProperties readers.
        return defaultIncludePaths.stream()
                .flatMap(paths -> Arrays.stream(paths.split(",")))
                .map(String::trim)
                .filter(path -> !path.isEmpty())
                .toList();
    }

    public List<String> defaultExcludePatterns() {
        return defaultExcludePatterns;
    }

    public Codec defaultCodec() {
        return defaultCodec;
    }

    public String defaultTimezone() {
        return defaultTimezone;
    }

    public long minFreeBytes() {
        return minFreeBytes;
    }

    public long healthMinFreeBytes() {
        return healthMinFreeBytes;
    }

    public Duration lease() {
        return lease;
    }
}
