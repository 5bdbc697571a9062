package com.opscenter.backups.control;

import com.opscenter.archive.Codec;
import com.opscenter.archive.ExcludePatterns;
import com.opscenter.archive.io.DurableFiles;
import com.opscenter.backups.entity.BackupConfig;
import com.opscenter.cron.CronExpression;
import com.opscenter.cron.InvalidCronExpressionException;
import com.opscenter.platform.boundary.Timestamps;
import com.opscenter.platform.entity.Columns;
import com.opscenter.retention.KeepPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.PatternSyntaxException;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/** Reads and changes the backup configuration; every change is validated whole before anything is stored. */
@ApplicationScoped
public class BackupConfigEditor {

    private BackupConfigStore store;
    private BackupCatalog catalog;
    private BackupSources sources;
    private Event<BackupConfigChanged> changed;
    private Clock clock;
    private BackupReach reach;

    /** Checks an encryption mode against the key material; null in unit tests that do not set it. */
    @Inject
    BackupEncryption encryption;

    /** For the container's client proxy only. */
    protected BackupConfigEditor() {}

    @Inject
    public BackupConfigEditor(
            BackupConfigStore store,
            BackupCatalog catalog,
            BackupSources sources,
            Event<BackupConfigChanged> changed,
            Clock clock,
            @ConfigProperties BackupSettings settings) {
        this.reach = settings.reach();
        this.store = store;
        this.catalog = catalog;
        this.sources = sources;
        this.changed = changed;
        this.clock = clock;
    }

    /** A partial change: null fields keep their value. */
    public record Change(
            Boolean backupEnabled,
            String schedule,
            Integer retentionDays,
            String backupLocation,
            List<String> includePaths,
            List<String> excludePatterns,
            String compression,
            Integer compressionLevel,
            String timezone,
            List<String> includeVolumes,
            Integer cloudRetentionDays,
            KeepPolicy keep,
            String encryption,
            Incremental incremental) {

        /** Without the incremental settings: they stay as they are. */
        public Change(
                Boolean backupEnabled,
                String schedule,
                Integer retentionDays,
                String backupLocation,
                List<String> includePaths,
                List<String> excludePatterns,
                String compression,
                Integer compressionLevel,
                String timezone,
                List<String> includeVolumes,
                Integer cloudRetentionDays,
                KeepPolicy keep,
                String encryption) {
            this(
                    backupEnabled,
                    schedule,
                    retentionDays,
                    backupLocation,
                    includePaths,
                    excludePatterns,
                    compression,
                    compressionLevel,
                    timezone,
                    includeVolumes,
                    cloudRetentionDays,
                    keep,
                    encryption,
                    null);
        }

        /** Only the incremental settings. */
        public static Change incremental(Incremental incremental) {
            return new Change(
                    null, null, null, null, null, null, null, null, null, null, null, null, null, incremental);
        }

        /** Without the encryption mode: it stays as it is. */
        public Change(
                Boolean backupEnabled,
                String schedule,
                Integer retentionDays,
                String backupLocation,
                List<String> includePaths,
                List<String> excludePatterns,
                String compression,
                Integer compressionLevel,
                String timezone,
                List<String> includeVolumes,
                Integer cloudRetentionDays,
                KeepPolicy keep) {
            this(
                    backupEnabled,
                    schedule,
                    retentionDays,
                    backupLocation,
                    includePaths,
                    excludePatterns,
                    compression,
                    compressionLevel,
                    timezone,
                    includeVolumes,
                    cloudRetentionDays,
                    keep,
                    null);
        }

        /** The spec's fields only: the keep counts stay as they are. */
        public Change(
                Boolean backupEnabled,
                String schedule,
                Integer retentionDays,
                String backupLocation,
                List<String> includePaths,
                List<String> excludePatterns,
                String compression,
                Integer compressionLevel,
                String timezone,
                List<String> includeVolumes,
                Integer cloudRetentionDays) {
            this(
                    backupEnabled,
                    schedule,
                    retentionDays,
                    backupLocation,
                    includePaths,
                    excludePatterns,
                    compression,
                    compressionLevel,
                    timezone,
                    includeVolumes,
                    cloudRetentionDays,
                    null,
                    null);
        }
    }

    /**
     * The incremental settings, each optional: whether a backup asked for without a mode is an increment, and when
     * a chain gets a new full backup (days since its full one, increments on it).
     */
    public record Incremental(Boolean enabled, Integer fullEveryDays, Integer fullEveryIncrements) {}

    /** {@code backups} is the page asked for (or all of them); {@code total} counts all of them. */
    public record Overview(
            BackupConfig config, List<BackupListing> backups, long total, String lastBackup, String nextBackup) {}

    public BackupConfig current() {
        return store.current();
    }

    /** With every backup, newest first. */
    public Overview overview() {
        return overview(Optional.empty());
    }

    /** With one page of the backups, newest first, or all of them. */
    public Overview overview(Optional<BackupPage> page) {
        return overview(page, BackupCatalog.Filter.NONE);
    }

    /** With one page of the backups the filter lets through, newest first, or all of them. */
    public Overview overview(Optional<BackupPage> page, BackupCatalog.Filter filter) {
        var config = store.current();
        var last = catalog.lastSuccessfulStart().map(Timestamps::iso).orElse(null);
        var next = config.backupEnabled()
                ? Timestamps.iso(CronExpression.parse(config.schedule())
                        .next(ZonedDateTime.now(clock.withZone(config.zone())))
                        .toInstant())
                : null;
        if (page.isEmpty()) {
            var all = BackupListing.withChainSizes(
                    catalog.listing(filter, 0, Integer.MAX_VALUE), catalog::completedSizes);
            return new Overview(config, all, all.size(), last, next);
        }
        var backups = BackupListing.withChainSizes(
                catalog.listing(filter, page.get().offset(), page.get().limit()), catalog::completedSizes);
        return new Overview(config, backups, catalog.count(filter), last, next);
    }

    public BackupConfig update(Change change) {
        var current = store.current();
        if (change.schedule() != null) {
            requireFits("schedule", change.schedule().trim(), BackupConfig.SCHEDULE_LENGTH);
            try {
                CronExpression.parse(change.schedule());
            } catch (InvalidCronExpressionException e) {
                throw new InvalidBackupRequest("schedule: " + e.getMessage());
            }
        }
        if (change.timezone() != null) {
            requireFits("timezone", change.timezone(), BackupConfig.TIMEZONE_LENGTH);
            try {
                java.time.ZoneId.of(change.timezone());
            } catch (java.time.DateTimeException e) {
                throw new InvalidBackupRequest("timezone: unknown time zone " + change.timezone()
                        + "; use a region such as UTC or Europe/Berlin");
            }
        }
        if (change.includePaths() != null) {
            requireListFits("include_paths", change.includePaths());
        }
        // The pair is checked as it will be stored: a new location against the kept include paths, and the other way.
        var location = change.backupLocation() == null
                ? Path.of(current.backupLocation())
                : absolute("backup_location", change.backupLocation());
        var includes = change.includePaths() == null ? current.includePaths() : change.includePaths();
        if (change.backupLocation() != null) {
            requireFits("backup_location", location.toString(), BackupConfig.LOCATION_LENGTH);
            reach.requireBackupLocation(location);
        }
        if (change.includePaths() != null || change.backupLocation() != null) {
            for (var include : includes) {
                var path = absolute("include_paths", include);
                reach.requireIncludePath(path, location);
                if (change.includePaths() != null) {
                    requireReadableFolder(include);
                }
            }
        }
        if (change.backupLocation() != null) {
            requireWritableFolder(change.backupLocation());
        }
        if (change.excludePatterns() != null) {
            requireListFits("exclude_patterns", change.excludePatterns());
            change.excludePatterns().forEach(BackupConfigEditor::requireWorkingExclude);
        }
        if (change.includeVolumes() != null) {
            requireListFits("include_volumes", change.includeVolumes());
        }
        if (change.includeVolumes() != null && !change.includeVolumes().isEmpty()) {
            sources.select(change.includeVolumes(), List.of());
        }
        var codec = change.compression() == null ? current.codec() : codec(change.compression());
        Integer level = change.compressionLevel();
        if (change.compression() != null && level == null) {
            level = codec.defaultLevel();
        }
        if (level != null) {
            requireUsableLevel(codec, level);
        }
        if (change.encryption() != null) {
            if (encryption == null) {
                throw new InvalidBackupRequest("encryption: this server cannot encrypt backups");
            }
            encryption.requireUsable(change.encryption());
        }
        if (change.incremental() != null) {
            requireIncremental(change.incremental());
        }
        var finalLevel = level;
        var updated = store.update(config -> {
            config.update(
                    change.backupEnabled(),
                    change.schedule() == null ? null : change.schedule().trim(),
                    change.retentionDays(),
                    change.backupLocation() == null
                            ? null
                            : Path.of(change.backupLocation()).normalize().toString(),
                    change.includePaths(),
                    change.excludePatterns(),
                    change.compression() == null ? null : codec,
                    finalLevel,
                    change.timezone(),
                    clock.instant());
            if (change.includeVolumes() != null) {
                config.includeVolumes(change.includeVolumes());
            }
            if (change.cloudRetentionDays() != null) {
                config.cloudRetentionDays(change.cloudRetentionDays());
            }
            if (change.keep() != null) {
                config.keep(Schedule.counts(change.keep()));
            }
            if (change.encryption() != null) {
                config.encryption(change.encryption());
            }
            if (change.incremental() != null) {
                var incremental = change.incremental();
                config.incremental(
                        incremental.enabled(), incremental.fullEveryDays(), incremental.fullEveryIncrements());
            }
        });
        changed.fire(new BackupConfigChanged(updated.backupEnabled(), updated.schedule()));
        return updated;
    }

    /** Both limits are required to be at least 1: 0 would make every backup full, which is incremental off. */
    static void requireIncremental(Incremental incremental) {
        requireRange("incremental.full_every_days", incremental.fullEveryDays(), 1, BackupConfig.MAX_FULL_EVERY_DAYS);
        requireRange(
                "incremental.full_every_increments",
                incremental.fullEveryIncrements(),
                1,
                BackupConfig.MAX_FULL_EVERY_INCREMENTS);
    }

    private static void requireRange(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new InvalidBackupRequest(field + ": must be " + min + " to " + max + ", not " + value);
        }
    }

    static Codec codec(String name) {
        try {
            return Codec.fromName(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidBackupRequest("compression: " + e.getMessage());
        }
    }

    /** Proves the folder is writable by writing to it, which also catches read-only mounts. */
    static void requireWritableFolder(String location) {
        var path = absolute("backup_location", location);
        // Before anything is created: a location the column cannot hold would otherwise fail the write (a 500).
        requireFits("backup_location", path.toString(), BackupConfig.LOCATION_LENGTH);
        try {
            // A folder made here is private (0700), like the archives that will be in it.
            DurableFiles.createPrivateDirectories(path);
            var probe = path.resolve(".write-test-" + UUID.randomUUID());
            DurableFiles.createPrivate(probe).close();
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new InvalidBackupRequest("backup_location " + path + " is not writable: " + e.getMessage());
        }
    }

    /** Names every top-level entry can have, or near enough: a pattern matching all of them leaves nothing. */
    private static final List<String> PROBE_NAMES =
            List.of("a", "Z", "0", ".hidden", "data", "file.txt", "-", "_", "ü", "a b", "x{y}", "backup.tar.gz");

    /** Compiled exactly as a backup compiles it (ExcludePatterns), so what is accepted here also works there. */
    static void requireWorkingExclude(String pattern) {
        PathMatcher matcher;
        try {
            matcher = ExcludePatterns.matcher(pattern);
        } catch (PatternSyntaxException e) {
            throw new InvalidBackupRequest("exclude_patterns: '" + pattern + "' is not a valid glob: "
                    + e.getDescription() + " at index " + e.getIndex());
        }
        if (pattern.startsWith("/")) {
            throw new InvalidBackupRequest("exclude_patterns: '" + pattern + "' never matches: a pattern with '/'"
                    + " matches the path relative to the volume or include path (e.g. logs/*.log)");
        }
        if (PROBE_NAMES.stream().map(Path::of).allMatch(matcher::matches)) {
            throw new InvalidBackupRequest("exclude_patterns: '" + pattern + "' excludes everything; a backup"
                    + " with it would hold nothing");
        }
    }

    static void requireFits(String field, String value, int max) {
        if (value.length() > max) {
            throw new InvalidBackupRequest(
                    field + ": is at most " + max + " characters, this is " + value.length() + " characters long");
        }
    }

    /** Lists are stored one item per line: an item with a line break would come back as two. */
    static void requireListFits(String field, List<String> values) {
        if (values.stream().anyMatch(v -> v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0)) {
            throw new InvalidBackupRequest(field + ": entries cannot contain a line break");
        }
        var stored = Columns.joinLines(values).length();
        if (stored > BackupConfig.LIST_LENGTH) {
            throw new InvalidBackupRequest(field + ": together at most " + BackupConfig.LIST_LENGTH
                    + " characters (one entry per line), these are " + stored);
        }
    }

    static void requireReadableFolder(String location) {
        var path = absolute("include_paths", location);
        if (!Files.isDirectory(path) || !Files.isReadable(path)) {
            throw new InvalidBackupRequest("include_paths: " + path + " is not a readable folder");
        }
    }

    static Path absolute(String field, String value) {
        if (value.indexOf('\0') >= 0) {
            throw new InvalidBackupRequest(field + " must be a path");
        }
        var path = Path.of(value);
        if (!path.isAbsolute() || List.of(value.split("/")).contains("..")) {
            throw new InvalidBackupRequest(field + " must be an absolute path without '..': " + value);
        }
        return path.normalize();
    }

    /** A level the codec knows and that fits this server's heap (shared by the configuration and the schedules). */
    static void requireUsableLevel(Codec codec, int level) {
        if (!codec.acceptsLevel(level)) {
            throw new InvalidBackupRequest("compression_level " + level + " is not valid for " + codec.configName());
        }
        codec.heapProblem(level, Runtime.getRuntime().maxMemory()).ifPresent(problem -> {
            throw new InvalidBackupRequest(problem);
        });
    }
}
