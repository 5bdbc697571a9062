package com.opscenter.backups.control;

import com.opscenter.archive.Codec;
import jakarta.enterprise.context.Dependent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    /** Where the API may point backup_location (comma-separated); BACKUP_LOCATION itself always may be used. */
    @ConfigProperty(name = "backup.location.roots")
    Optional<String> backupLocationRoots;

    /** Where include paths may lie (comma-separated); none set means no include path is allowed. */
    @ConfigProperty(name = "include.path.roots")
    Optional<String> includePathRoots;

    /** The server's own files (configuration, keystore, database, node id): no path of the API may overlap them. */
    @ConfigProperty(name = "backup.protected.paths")
    Optional<String> protectedPaths;

    /** Backups read volumes as volumes: no backup location, include path or restore may overlap their root. */
    @ConfigProperty(name = "storage.volumes.root")
    String volumesRoot;

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

    /** The longest a command run in a container for a backup (pre, post, dump) may take. */
    @ConfigProperty(name = "backup.container.timeout")
    Duration containerTimeout;

    /** How long a stopped container may take to end after SIGTERM before it is killed. */
    @ConfigProperty(name = "backup.container.stop.grace")
    Duration containerStopGrace;

    public Duration containerStopGrace() {
        return containerStopGrace;
    }

    /** The largest dump a container's dump command may write; a larger one fails the backup. */
    @ConfigProperty(name = "backup.dump.max.bytes")
    long dumpMaxBytes;

    public Duration containerTimeout() {
        return containerTimeout;
    }

    public long dumpMaxBytes() {
        return dumpMaxBytes;
    }

    public Path defaultBackupLocation() {
        return Path.of(backupLocation);
    }

    public Path restoreRoot() {
        return Path.of(restoreRoot);
    }

    /** The rules for what the API can make this server read and write. */
    public BackupReach reach() {
        var locationRoots = new ArrayList<>(BackupReach.paths(backupLocationRoots));
        locationRoots.add(defaultBackupLocation());
        return new BackupReach(
                locationRoots,
                BackupReach.paths(includePathRoots),
                Path.of(volumesRoot),
                BackupReach.paths(protectedPaths));
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
