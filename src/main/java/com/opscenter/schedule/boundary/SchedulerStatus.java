package com.opscenter.schedule.boundary;

import jakarta.json.bind.annotation.JsonbNillable;

/** The spec's scheduler status, plus the time zone and the ticks that were skipped. */
public record SchedulerStatus(
        boolean running,
        boolean enabled,
        String schedule,
        String timezone,
        @JsonbNillable String nextRun,
        int retentionDays,
        String backupLocation,
        boolean emailNotifications,
        long skippedTicks,
        Skip lastSkipped) {

    public record Skip(String scheduledFor, String reason) {}
}
