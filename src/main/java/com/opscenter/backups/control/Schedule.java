package com.opscenter.backups.control;

import com.opscenter.archive.Codec;
import com.opscenter.backups.entity.BackupConfig;
import com.opscenter.backups.entity.BackupSchedule;
import com.opscenter.retention.KeepPolicy;
import java.time.ZoneId;
import java.util.List;

/**
 * One backup schedule as the scheduler, retention and the API see it, whichever row holds it: {@code default} is
 * the spec's configuration, every other name a row of its own. {@code volumes} null means every volume;
 * {@code paths} null means the configuration's include paths at the time of the run; {@code cloudTargets} null
 * means every configured cloud target (always so for {@code default}), empty means none.
 */
public record Schedule(
        String name,
        boolean enabled,
        String cron,
        String timezone,
        List<String> volumes,
        List<String> paths,
        Codec codec,
        int level,
        String mode,
        KeepPolicy keep,
        int retentionDays,
        List<String> cloudTargets) {

    public static final String DEFAULT = "default";
    public static final String FULL = "full";
    public static final String INCREMENTAL = "incremental";

    public static Schedule of(BackupConfig config) {
        return new Schedule(
                DEFAULT,
                config.backupEnabled(),
                config.schedule(),
                config.timezone(),
                config.includeVolumes(),
                config.includePaths(),
                config.codec(),
                config.codecLevel(),
                // The configuration's default mode is the default schedule's.
                config.incrementalEnabled() ? INCREMENTAL : FULL,
                keep(config.keep()),
                config.retentionDays(),
                null);
    }

    public static Schedule of(BackupSchedule row) {
        return new Schedule(
                row.name(),
                row.enabled(),
                row.cron(),
                row.timezone(),
                row.includeVolumes(),
                row.includePaths(),
                row.codec(),
                row.codecLevel(),
                row.mode(),
                keep(row.keep()),
                row.retentionDays(),
                row.cloudTargets());
    }

    static KeepPolicy keep(int[] counts) {
        return new KeepPolicy(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
    }

    static int[] counts(KeepPolicy keep) {
        return new int[] {keep.last(), keep.hourly(), keep.daily(), keep.weekly(), keep.monthly(), keep.yearly()};
    }

    /** Whether its backups are copied to the cloud target of that name. */
    public boolean copiesTo(String target) {
        return cloudTargets == null || cloudTargets.contains(target);
    }

    public ZoneId zone() {
        return ZoneId.of(timezone);
    }

    /** What the timers are made from: a change of any of these re-arms them. */
    public String timerSignature() {
        return name + "|" + enabled + "|" + cron + "|" + timezone;
    }
}
