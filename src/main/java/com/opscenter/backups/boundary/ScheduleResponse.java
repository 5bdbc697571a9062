package com.opscenter.backups.boundary;

import com.opscenter.backups.control.Schedule;
import com.opscenter.cron.CronExpression;
import com.opscenter.platform.boundary.Timestamps;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One schedule: {@code volumes} null is every volume, {@code paths} null the configuration's include_paths,
 * {@code cloud_targets} null every configured cloud target.
 */
public record ScheduleResponse(
        String name,
        boolean enabled,
        String cron,
        String timezone,
        @JsonbNillable List<String> volumes,
        @JsonbNillable List<String> paths,
        String compression,
        int compressionLevel,

        @Schema(
                description = "The schedule's backups: full or incremental (an increment holds only what "
                        + "changed since its base)")
        String mode,

        int keepLast,
        int keepHourly,
        int keepDaily,
        int keepWeekly,
        int keepMonthly,
        int keepYearly,
        int retentionDays,

        @Schema(
                description = "The cloud targets the schedule's backups are copied to "
                        + "(CLOUD_BACKUP_TARGETS names; 'default' for the target the spec's "
                        + "CLOUD_BACKUP_* variables form); null: every target")
        @JsonbNillable
        List<String> cloudTargets,

        @JsonbNillable String nextRun) {

    static ScheduleResponse of(Schedule s, Clock clock) {
        var next = s.enabled()
                ? Timestamps.iso(CronExpression.parse(s.cron())
                        .next(ZonedDateTime.now(clock.withZone(s.zone())))
                        .toInstant())
                : null;
        var keep = s.keep();
        return new ScheduleResponse(
                s.name(),
                s.enabled(),
                s.cron(),
                s.timezone(),
                s.volumes(),
                s.paths(),
                s.codec().configName(),
                s.level(),
                s.mode(),
                keep.last(),
                keep.hourly(),
                keep.daily(),
                keep.weekly(),
                keep.monthly(),
                keep.yearly(),
                s.retentionDays(),
                s.cloudTargets(),
                next);
    }

    /** Every schedule, {@code default} first. */
    public record Listing(List<ScheduleResponse> schedules) {}
}
