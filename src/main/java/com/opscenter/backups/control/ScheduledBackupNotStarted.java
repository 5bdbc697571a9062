package com.opscenter.backups.control;

import java.time.Instant;

/**
 * A scheduled backup that could not even start (its volumes are gone, nothing to back up, an error before the
 * job began). No backup exists, so no BackupFinished follows; the failure mail observes this instead (in the
 * backups feature like BackupFinished, so notify need not depend on schedule). A tick
 * skipped because another backup is running is not one of these.
 */
public record ScheduledBackupNotStarted(Instant scheduledFor, boolean catchUp, String reason) {}
