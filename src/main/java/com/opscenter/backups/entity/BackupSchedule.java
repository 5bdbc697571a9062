package com.opscenter.backups.entity;

import static com.opscenter.platform.entity.Columns.joinLines;
import static com.opscenter.platform.entity.Columns.lines;

import com.opscenter.archive.Codec;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;

/**
 * A named schedule other than {@code default} (that one is the {@link BackupConfig} row). Fields are written
 * whole by {@code BackupSchedules} after validation.
 */
@Entity
@Table(name = "backup_schedules")
public class BackupSchedule {

    @Id
    @Column(name = "name")
    private String name;

    @Column(name = "enabled", nullable = false)
    private boolean enabled;

    @Column(name = "cron", nullable = false)
    private String cron;

    @Column(name = "timezone", nullable = false)
    private String timezone;

    @Column(name = "include_volumes")
    private String includeVolumes;

    @Column(name = "include_paths")
    private String includePaths;

    @Column(name = "codec", nullable = false)
    @Convert(converter = CodecConverter.class)
    private Codec codec;

    @Column(name = "codec_level", nullable = false)
    private int codecLevel;

    @Column(name = "mode", nullable = false)
    private String mode;

    @Column(name = "keep_last", nullable = false)
    private int keepLast;

    @Column(name = "keep_hourly", nullable = false)
    private int keepHourly;

    @Column(name = "keep_daily", nullable = false)
    private int keepDaily;

    @Column(name = "keep_weekly", nullable = false)
    private int keepWeekly;

    @Column(name = "keep_monthly", nullable = false)
    private int keepMonthly;

    @Column(name = "keep_yearly", nullable = false)
    private int keepYearly;

    @Column(name = "retention_days", nullable = false)
    private int retentionDays;

    /** One target name per line; null: every configured target, empty: none. */
    @Column(name = "cloud_targets")
    private String cloudTargets;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    @Column(name = "version")
    private long version;

    protected BackupSchedule() {}

    public BackupSchedule(String name) {
        this.name = name;
    }

    /** Replaces every field; {@code volumes} or {@code paths} null mean every volume, the configured paths. */
    public void set(
            boolean enabled,
            String cron,
            String timezone,
            List<String> volumes,
            List<String> paths,
            Codec codec,
            int codecLevel,
            String mode,
            int[] keep,
            int retentionDays,
            List<String> cloudTargets,
            Instant now) {
        this.enabled = enabled;
        this.cron = cron;
        this.timezone = timezone;
        this.includeVolumes = volumes == null ? null : joinLines(volumes);
        this.includePaths = paths == null ? null : joinLines(paths);
        this.codec = codec;
        this.codecLevel = codecLevel;
        this.mode = mode;
        this.keepLast = keep[0];
        this.keepHourly = keep[1];
        this.keepDaily = keep[2];
        this.keepWeekly = keep[3];
        this.keepMonthly = keep[4];
        this.keepYearly = keep[5];
        this.retentionDays = retentionDays;
        this.cloudTargets = cloudTargets == null ? null : joinLines(cloudTargets);
        this.updatedAt = now;
    }

    public String name() {
        return name;
    }

    public boolean enabled() {
        return enabled;
    }

    public String cron() {
        return cron;
    }

    public String timezone() {
        return timezone;
    }

    public List<String> includeVolumes() {
        return includeVolumes == null ? null : lines(includeVolumes);
    }

    public List<String> includePaths() {
        return includePaths == null ? null : lines(includePaths);
    }

    public Codec codec() {
        return codec;
    }

    public int codecLevel() {
        return codecLevel;
    }

    public String mode() {
        return mode;
    }

    /** last, hourly, daily, weekly, monthly, yearly. */
    public int[] keep() {
        return new int[] {keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly};
    }

    public int retentionDays() {
        return retentionDays;
    }

    /** The cloud targets its backups are copied to: null for every configured one. */
    public List<String> cloudTargets() {
        return cloudTargets == null ? null : lines(cloudTargets);
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
