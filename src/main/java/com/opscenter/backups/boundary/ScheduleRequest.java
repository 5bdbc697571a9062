package com.opscenter.backups.boundary;

import com.opscenter.backups.control.BackupSchedules;
import java.util.List;

/**
 * A schedule to create ({@code name} required) or to change (absent fields keep their value; a {@code name}, if
 * given, must be the schedule's own). Every value is checked by {@link BackupSchedules}, which names the field.
 */
public record ScheduleRequest(
        String name,
        Boolean enabled,
        String cron,
        String timezone,
        List<String> volumes,
        List<String> paths,
        String compression,
        Integer compressionLevel,
        String mode,
        Integer keepLast,
        Integer keepHourly,
        Integer keepDaily,
        Integer keepWeekly,
        Integer keepMonthly,
        Integer keepYearly,
        Integer retentionDays,
        List<String> cloudTargets) {

    static final ScheduleRequest EMPTY = new ScheduleRequest(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    BackupSchedules.Input input() {
        return new BackupSchedules.Input(
                enabled,
                cron,
                timezone,
                volumes,
                paths,
                compression,
                compressionLevel,
                mode,
                keepLast,
                keepHourly,
                keepDaily,
                keepWeekly,
                keepMonthly,
                keepYearly,
                retentionDays,
                cloudTargets);
    }
}
