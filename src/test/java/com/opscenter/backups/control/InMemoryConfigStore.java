package com.opscenter.backups.control;

import com.opscenter.archive.Codec;
import com.opscenter.backups.entity.BackupConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** The one configuration row, held in memory for unit tests. */
public class InMemoryConfigStore extends BackupConfigStore {

    private final BackupConfig config;

    public InMemoryConfigStore(BackupConfig config) {
        this.config = config;
    }

    /** Scheduled daily at 02:00 UTC, kept 7 days, gzip at its default level. */
    public static InMemoryConfigStore of(Path backupLocation, String schedule, int retentionDays) {
        return new InMemoryConfigStore(new BackupConfig(
                true,
                schedule,
                retentionDays,
                backupLocation.toString(),
                List.of(),
                List.of(),
                Codec.GZIP,
                Codec.GZIP.defaultLevel(),
                "UTC",
                Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Override
    public BackupConfig current() {
        return config;
    }

    @Override
    public BackupConfig update(Consumer<BackupConfig> change) {
        change.accept(config);
        return config;
    }
}
