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

/** The single backup configuration row; the spec's defaults come from the settings when it is first created. */
@Entity
@Table(name = "backup_config")
public class BackupConfig {

    public static final int SINGLETON_ID = 1;

    /** Column lengths (db migrations); lists are stored one item per line, so the joined text must fit. */
    public static final int SCHEDULE_LENGTH = 100;

    public static final int LOCATION_LENGTH = 1024;
    public static final int LIST_LENGTH = 8000;
    public static final int TIMEZONE_LENGTH = 64;

    /** The migration's defaults (db/V14__incremental.sql) and the ranges the editor accepts. */
    public static final int DEFAULT_FULL_EVERY_DAYS = 7;

    public static final int DEFAULT_FULL_EVERY_INCREMENTS = 30;
    public static final int MAX_FULL_EVERY_DAYS = 365;
    public static final int MAX_FULL_EVERY_INCREMENTS = 1000;

    @Id
    @Column(name = "id")
    private int id;

    @Column(name = "backup_enabled", nullable = false)
    private boolean backupEnabled;

    @Column(name = "schedule", nullable = false)
    private String schedule;

    @Column(name = "retention_days", nullable = false)
    private int retentionDays;

    @Column(name = "backup_location", nullable = false)
    private String backupLocation;

    @Column(name = "include_paths", nullable = false)
    private String includePaths;

    @Column(name = "exclude_patterns", nullable = false)
    private String excludePatterns;

    @Column(name = "codec", nullable = false)
    @Convert(converter = CodecConverter.class)
    private Codec codec;

    @Column(name = "codec_level", nullable = false)
    private int codecLevel;

    /** {@code none}, {@code cloud} or {@code all}: see {@code BackupEncryption}. */
    @Column(name = "encryption", nullable = false)
    private String encryption = "none";

    @Column(name = "include_volumes")
    private String includeVolumes;

    /** Whether a backup asked for without a mode is an increment of the last one (db/V14__incremental.sql). */
    @Column(name = "incremental_enabled", nullable = false)
    private boolean incrementalEnabled;

    /** A chain whose full backup is older than this many days gets a new full backup instead of an increment. */
    @Column(name = "full_every_days", nullable = false)
    private int fullEveryDays = DEFAULT_FULL_EVERY_DAYS;

    /** After this many increments on one full backup, the next backup is full again. */
    @Column(name = "full_every_increments", nullable = false)
    private int fullEveryIncrements = DEFAULT_FULL_EVERY_INCREMENTS;

    @Column(name = "cloud_retention_days")
    private Integer cloudRetentionDays;

    @Column(name = "timezone", nullable = false)
    private String timezone;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** The default schedule's keep counts (last, hourly, daily, weekly, monthly, yearly); 0 is not used. */
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

    @Version
    @Column(name = "version")
    private long version;

    protected BackupConfig() {}

    public BackupConfig(
            boolean backupEnabled,
            String schedule,
            int retentionDays,
            String backupLocation,
            List<String> includePaths,
            List<String> excludePatterns,
            Codec codec,
            int codecLevel,
            String timezone,
            Instant now) {
        this.id = SINGLETON_ID;
        this.timezone = timezone;
        this.backupEnabled = backupEnabled;
        this.schedule = schedule;
        this.retentionDays = retentionDays;
        this.backupLocation = backupLocation;
        this.includePaths = joinLines(includePaths);
        this.excludePatterns = joinLines(excludePatterns);
        this.codec = codec;
        this.codecLevel = codecLevel;
        this.updatedAt = now;
    }

    /** Applies a validated change; null leaves a field as it is. */
    public void update(
            Boolean backupEnabled,
            String schedule,
            Integer retentionDays,
            String backupLocation,
            List<String> includePaths,
            List<String> excludePatterns,
            Codec codec,
            Integer codecLevel,
            String timezone,
            Instant now) {
        if (backupEnabled != null) {
            this.backupEnabled = backupEnabled;
        }
        if (schedule != null) {
            this.schedule = schedule;
        }
        if (retentionDays != null) {
            this.retentionDays = retentionDays;
        }
        if (backupLocation != null) {
            this.backupLocation = backupLocation;
        }
        if (includePaths != null) {
            this.includePaths = joinLines(includePaths);
        }
        if (excludePatterns != null) {
            this.excludePatterns = joinLines(excludePatterns);
        }
        if (codec != null) {
            this.codec = codec;
        }
        if (codecLevel != null) {
            this.codecLevel = codecLevel;
        }
        if (timezone != null) {
            this.timezone = timezone;
        }
        this.updatedAt = now;
    }

    /** Which volumes scheduled backups take; an empty list means every volume again. */
    public void includeVolumes(List<String> volumes) {
        this.includeVolumes = volumes == null || volumes.isEmpty() ? null : joinLines(volumes);
    }

    /** Days cloud copies are kept; 0 or null means as long as local backups. */
    public void cloudRetentionDays(int days) {
        this.cloudRetentionDays = days <= 0 ? null : days;
    }

    /** The effective period: the local one unless cloud copies have their own. */
    public int cloudRetentionDays() {
        return cloudRetentionDays == null ? retentionDays : cloudRetentionDays;
    }

    /** The default schedule's keep counts: last, hourly, daily, weekly, monthly, yearly. */
    public int[] keep() {
        return new int[] {keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly};
    }

    public void keep(int[] counts) {
        this.keepLast = counts[0];
        this.keepHourly = counts[1];
        this.keepDaily = counts[2];
        this.keepWeekly = counts[3];
        this.keepMonthly = counts[4];
        this.keepYearly = counts[5];
    }

    /** Null means every volume. */
    public List<String> includeVolumes() {
        return includeVolumes == null ? null : lines(includeVolumes);
    }

    public boolean backupEnabled() {
        return backupEnabled;
    }

    public String schedule() {
        return schedule;
    }

    public int retentionDays() {
        return retentionDays;
    }

    public String backupLocation() {
        return backupLocation;
    }

    public List<String> includePaths() {
        return lines(includePaths);
    }

    public List<String> excludePatterns() {
        return lines(excludePatterns);
    }

    public Codec codec() {
        return codec;
    }

    public int codecLevel() {
        return codecLevel;
    }

    public String timezone() {
        return timezone;
    }

    public String encryption() {
        return encryption == null ? "none" : encryption;
    }

    /** A value the editor validated (none, cloud, all). */
    public void encryption(String mode) {
        this.encryption = mode;
    }

    public boolean incrementalEnabled() {
        return incrementalEnabled;
    }

    public int fullEveryDays() {
        return fullEveryDays;
    }

    public int fullEveryIncrements() {
        return fullEveryIncrements;
    }

    /** Values the editor validated; null leaves one as it is. */
    public void incremental(Boolean enabled, Integer everyDays, Integer everyIncrements) {
        if (enabled != null) {
            this.incrementalEnabled = enabled;
        }
        if (everyDays != null) {
            this.fullEveryDays = everyDays;
        }
        if (everyIncrements != null) {
            this.fullEveryIncrements = everyIncrements;
        }
    }

    public java.time.ZoneId zone() {
        return java.time.ZoneId.of(timezone);
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
