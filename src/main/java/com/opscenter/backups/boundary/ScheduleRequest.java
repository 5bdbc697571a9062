package com.opscenter.backups.boundary;

import com.opscenter.backups.control.BackupSchedules;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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

        @Schema(
                description = "The schedule's backups: full or incremental (an increment holds only what "
                        + "changed since its base)")
        String mode,

        Integer keepLast,
        Integer keepHourly,
        Integer keepDaily,
        Integer keepWeekly,
        Integer keepMonthly,
        Integer keepYearly,
        Integer retentionDays,

        @Schema(
                description = "The cloud targets the schedule's backups are copied to "
                        + "(CLOUD_BACKUP_TARGETS names; 'default' for the target the spec's "
                        + "CLOUD_BACKUP_* variables form); absent: unchanged, or every target for a new schedule")
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
