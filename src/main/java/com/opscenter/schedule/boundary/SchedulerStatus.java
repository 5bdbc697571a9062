package com.opscenter.schedule.boundary;

import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;

/**
 * The spec's scheduler status, of the {@code default} schedule, plus its time zone and the ticks it skipped; and
 * every schedule's own state in {@code schedules}.
 */
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
        Skip lastSkipped,
        List<ScheduleState> schedules) {

    public record Skip(String scheduledFor, String reason) {}

    /** One schedule: when it fires next, what its latest tick did, and when it last produced a backup. */
    public record ScheduleState(
            String name,
            boolean enabled,
            String cron,
            String timezone,
            @JsonbNillable String nextRun,
            @JsonbNillable Run lastRun,
            @JsonbNillable String lastSuccess,
            long skippedTicks,
            @JsonbNillable Skip lastSkipped) {}

    /** A claimed scheduled time: started (with its backup), skipped or failed (with the reason). */
    public record Run(String scheduledFor, String outcome, String node, String backupId, String reason) {}
}
