package com.opscenter.backups.control;

import com.opscenter.archive.Codec;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupConfig;
import com.opscenter.cron.CronExpression;
import com.opscenter.cron.InvalidCronExpressionException;
import com.opscenter.platform.boundary.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

/** Reads and changes the backup configuration; every change is validated whole before anything is stored. */
@ApplicationScoped
public class BackupConfigEditor {

    private BackupConfigStore store;
    private BackupCatalog catalog;
    private BackupSources sources;
    private Event<BackupConfigChanged> changed;
    private Clock clock;

    /** For the container's client proxy only. */
    protected BackupConfigEditor() {}

    @Inject
    public BackupConfigEditor(
            BackupConfigStore store,
            BackupCatalog catalog,
            BackupSources sources,
            Event<BackupConfigChanged> changed,
            Clock clock) {
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
            Integer cloudRetentionDays) {}

    public record Overview(BackupConfig config, List<Backup> backups, String lastBackup, String nextBackup) {}

    public BackupConfig current() {
        return store.current();
    }

    public Overview overview() {
        var config = store.current();
        var last = catalog.lastSuccessful()
                .map(Backup::startedAt)
                .map(Timestamps::iso)
                .orElse(null);
        var next = config.backupEnabled()
                ? Timestamps.iso(CronExpression.parse(config.schedule())
                        .next(ZonedDateTime.now(clock.withZone(config.zone())))
                        .toInstant())
                : null;
        return new Overview(config, catalog.all(), last, next);
    }

    public BackupConfig update(Change change) {
        var current = store.current();
        if (change.schedule() != null) {
            try {
                CronExpression.parse(change.schedule());
            } catch (InvalidCronExpressionException e) {
                throw new InvalidBackupRequest("schedule: " + e.getMessage());
            }
        }
        if (change.timezone() != null) {
            try {
                java.time.ZoneId.of(change.timezone());
            } catch (java.time.DateTimeException e) {
                throw new InvalidBackupRequest("timezone: unknown time zone " + change.timezone()
                        + "; use a region such as UTC or Europe/Berlin");
            }
        }
        if (change.backupLocation() != null) {
            requireWritableFolder(change.backupLocation());
        }
        if (change.includePaths() != null) {
            change.includePaths().forEach(BackupConfigEditor::requireReadableFolder);
        }
        if (change.includeVolumes() != null && !change.includeVolumes().isEmpty()) {
            sources.select(change.includeVolumes(), List.of());
        }
        var codec = change.compression() == null ? current.codec() : codec(change.compression());
        Integer level = change.compressionLevel();
        if (change.compression() != null && level == null) {
            level = codec.defaultLevel();
        }
        if (level != null && !codec.acceptsLevel(level)) {
            throw new InvalidBackupRequest("compression_level " + level + " is not valid for " + codec.configName());
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
        });
        changed.fire(new BackupConfigChanged(updated.backupEnabled(), updated.schedule()));
        return updated;
    }

    private static Codec codec(String name) {
        try {
            return Codec.fromName(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidBackupRequest("compression: " + e.getMessage());
        }
    }

    /** Proves the folder is writable by writing to it, which also catches read-only mounts. */
    static void requireWritableFolder(String location) {
        var path = absolute("backup_location", location);
        try {
            Files.createDirectories(path);
            var probe = path.resolve(".write-test-" + UUID.randomUUID());
            Files.writeString(probe, "ok");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new InvalidBackupRequest("backup_location " + path + " is not writable: " + e.getMessage());
        }
    }

    static void requireReadableFolder(String location) {
        var path = absolute("include_paths", location);
        if (!Files.isDirectory(path) || !Files.isReadable(path)) {
            throw new InvalidBackupRequest("include_paths: " + path + " is not a readable folder");
        }
    }

    private static Path absolute(String field, String value) {
        if (value.indexOf('\0') >= 0) {
            throw new InvalidBackupRequest(field + " must be a path");
        }
        var path = Path.of(value);
        if (!path.isAbsolute() || List.of(value.split("/")).contains("..")) {
            throw new InvalidBackupRequest(field + " must be an absolute path without '..': " + value);
        }
        return path.normalize();
    }
}
