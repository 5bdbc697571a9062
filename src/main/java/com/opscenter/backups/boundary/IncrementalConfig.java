package com.opscenter.backups.boundary;

import com.opscenter.backups.entity.BackupConfig;

/**
 * The configuration's {@code incremental} object: whether a backup asked for without a mode is an increment of the
 * last one, and when a chain starts again with a full backup (its full backup is {@code full_every_days} old, or
 * it has {@code full_every_increments} increments). In a PUT every field is optional; the editor checks the
 * ranges (1 to 365 days, 1 to 1000 increments).
 */
public record IncrementalConfig(Boolean enabled, Integer fullEveryDays, Integer fullEveryIncrements) {

    static IncrementalConfig of(BackupConfig config) {
        return new IncrementalConfig(config.incrementalEnabled(), config.fullEveryDays(), config.fullEveryIncrements());
    }
}
