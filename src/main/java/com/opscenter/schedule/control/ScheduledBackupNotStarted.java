package com.opscenter.schedule.control;

import java.time.Instant;

/**
 * A scheduled backup that could not even start (its volumes are gone, nothing to back up, an error before the
 * job began). No backup exists, so no BackupFinished follows; the failure mail observes this instead. A tick
 * skipped because another backup is running is not one of these.
 */
public record ScheduledBackupNotStarted(Instant scheduledFor, boolean catchUp, String reason) {}
