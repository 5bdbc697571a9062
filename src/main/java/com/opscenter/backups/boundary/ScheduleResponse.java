package com.opscenter.backups.boundary;

import com.opscenter.backups.control.Schedule;
import com.opscenter.cron.CronExpression;
import com.opscenter.platform.boundary.Timestamps;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;

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
        String mode,
        int keepLast,
        int keepHourly,
        int keepDaily,
        int keepWeekly,
        int keepMonthly,
        int keepYearly,
        int retentionDays,
        @JsonbNillable List<String> cloudTargets,
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
