package com.opscenter.schedule.boundary;

import jakarta.json.bind.annotation.JsonbProperty;

/** The spec's scheduler status, plus the time zone and the ticks that were skipped. */
public record SchedulerStatus(
        boolean running,
        boolean enabled,
        String schedule,
        String timezone,
        @JsonbProperty(value = "next_run", nillable = true) String nextRun,
        @JsonbProperty("retention_days") int retentionDays,
        @JsonbProperty("backup_location") String backupLocation,
        @JsonbProperty("email_notifications") boolean emailNotifications,
        @JsonbProperty("skipped_ticks") long skippedTicks,
        @JsonbProperty("last_skipped") Skip lastSkipped) {

    public record Skip(@JsonbProperty("scheduled_for") String scheduledFor, String reason) {}
}
