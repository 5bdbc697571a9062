package com.opscenter.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricUnits;

/**
 * Every application metric, the single source for registration and for the names Prometheus sees. The
 * dashboard and alert rules in {@code monitoring/} may use only {@link #exportedNames()}; a test holds them to it
 * and an integration test holds this list to what {@code /metrics} really serves.
 */
public enum OpsMetric {
    BACKUP_ATTEMPT(
            Kind.COUNTER,
            "ops_center_backup_attempt",
            MetricUnits.NONE,
            "Backup jobs that ended, successful or not, by type (manual, scheduled)"),
    BACKUP_SUCCESS(
            Kind.COUNTER,
            "ops_center_backup_success",
            MetricUnits.NONE,
            "Backup jobs that produced a usable archive, by type"),
    BACKUP_FAILURE(Kind.COUNTER, "ops_center_backup_failure", MetricUnits.NONE, "Backup jobs that failed, by type"),
    BACKUP_DURATION(Kind.TIMER, "ops_center_backup_duration", MetricUnits.SECONDS, "How long backup jobs took"),
    BACKUP_CONTAINER_DOWNTIME(
            Kind.TIMER,
            "ops_center_backup_container_downtime",
            MetricUnits.SECONDS,
            "Per backup that stopped or paused containers: how long they were stopped or paused, added up"),
    BACKUP_BYTES(
            Kind.COUNTER, "ops_center_backup_bytes", MetricUnits.BYTES, "Archive bytes written by successful backups"),
    BACKUP_LAST_SIZE(
            Kind.GAUGE,
            "ops_center_backup_last_size",
            MetricUnits.BYTES,
            "Archive size of the newest successful backup in the catalog"),
    BACKUP_LAST_FILES(
            Kind.GAUGE,
            "ops_center_backup_last_files",
            MetricUnits.NONE,
            "Files in the newest successful backup in the catalog"),
    BACKUP_LAST_SUCCESS_TIMESTAMP(
            Kind.GAUGE,
            "ops_center_backup_last_success_timestamp",
            MetricUnits.SECONDS,
            "Unix time the newest successful backup in the catalog finished; 0 when there is none"),
    BACKUPS_IN_CATALOG(
            Kind.GAUGE,
            "ops_center_backups_in_catalog",
            MetricUnits.NONE,
            "Backups in the catalog, whatever their status"),
    BACKUPS_CATALOG_SIZE(
            Kind.GAUGE,
            "ops_center_backups_catalog_size",
            MetricUnits.BYTES,
            "Total archive size of the backups in the catalog"),
    RESTORES(Kind.COUNTER, "ops_center_backup_restore", MetricUnits.NONE, "Backups restored"),
    VERIFIES(Kind.COUNTER, "ops_center_backup_verify", MetricUnits.NONE, "Backup archives verified on request"),
    VERIFY_FAILURES(
            Kind.COUNTER,
            "ops_center_backup_verify_failure",
            MetricUnits.NONE,
            "Verifications that found an archive damaged"),
    DELETES(Kind.COUNTER, "ops_center_backup_delete", MetricUnits.NONE, "Backups deleted"),
    SCHEDULER_NEXT_RUN_TIMESTAMP(
            Kind.GAUGE,
            "ops_center_scheduler_next_run_timestamp",
            MetricUnits.SECONDS,
            "Unix time this server's timers next fire for a schedule (label schedule); NaN when none is armed"),
    SCHEDULER_SKIPPED_RUNS(
            Kind.GAUGE,
            "ops_center_scheduler_skipped_runs",
            MetricUnits.NONE,
            "Scheduled ticks of a schedule (label schedule) skipped since it began, as recorded in the database"),
    SCHEDULE_LAST_SUCCESS_TIMESTAMP(
            Kind.GAUGE,
            "ops_center_scheduler_last_success_timestamp",
            MetricUnits.SECONDS,
            "Unix time the newest successful backup of a schedule (label schedule) started; 0 when there is none"),
    SCHEDULE_LAST_RUN_TIMESTAMP(
            Kind.GAUGE,
            "ops_center_scheduler_last_run_timestamp",
            MetricUnits.SECONDS,
            "Unix time of the newest scheduled time of a schedule (label schedule) that any server claimed, whatever"
                    + " became of it; 0 when it has never fired"),
    SCHEDULE_INTERVAL(
            Kind.GAUGE,
            "ops_center_scheduler_interval",
            MetricUnits.SECONDS,
            "Longest wait between two consecutive scheduled times of a schedule (label schedule) in its time zone"),
    SCHEDULE_ENABLED(
            Kind.GAUGE,
            "ops_center_scheduler_enabled",
            MetricUnits.NONE,
            "1 when a schedule (label schedule) is enabled, 0 when it is switched off"),
    FILESYSTEM_SIZE(
            Kind.GAUGE,
            "ops_center_filesystem_size",
            MetricUnits.BYTES,
            "Size of the file system holding a location (volumes, backups)"),
    FILESYSTEM_FREE(
            Kind.GAUGE,
            "ops_center_filesystem_free",
            MetricUnits.BYTES,
            "Bytes an unprivileged writer can still use on the file system holding a location"),
    FILESYSTEM_USAGE_RATIO(
            Kind.GAUGE,
            "ops_center_filesystem_usage_ratio",
            MetricUnits.NONE,
            "Used share (0 to 1) of the space available to users, as df's Use% computes it"),
    VOLUME_SIZE(
            Kind.GAUGE,
            "ops_center_volume_size",
            MetricUnits.BYTES,
            "Size of a volume from the size cache; a volume appears once it has been measured"),
    VOLUMES(Kind.GAUGE, "ops_center_volumes", MetricUnits.NONE, "Measured volumes by health (healthy, warning, error)"),
    CLOUD_UPLOADS(
            Kind.COUNTER,
            "ops_center_cloud_upload",
            MetricUnits.NONE,
            "Cloud upload attempts that ended, by outcome (success, failure) and cloud target"),
    CLOUD_UPLOAD_BYTES(
            Kind.COUNTER,
            "ops_center_cloud_upload_bytes",
            MetricUnits.BYTES,
            "Archive bytes uploaded to cloud storage by successful uploads, by cloud target"),
    CLOUD_UPLOAD_FAILURES(
            Kind.COUNTER,
            "ops_center_cloud_upload_failure",
            MetricUnits.NONE,
            "Cloud upload attempts that failed, by cloud target"),
    CLOUD_LAST_UPLOAD_TIMESTAMP(
            Kind.GAUGE,
            "ops_center_cloud_last_upload_timestamp",
            MetricUnits.SECONDS,
            "Unix time of the newest successful cloud upload to a target recorded in the database; 0 when there is none"),
    CLOUD_COPIES(
            Kind.GAUGE,
            "ops_center_cloud_copies",
            MetricUnits.NONE,
            "Backups by cloud state (uploading, uploaded, failed) and cloud target as recorded in the database");

    /** How mpMetrics 5.1 renders each kind: what it appends to the name. */
    public enum Kind {
        COUNTER,
        GAUGE,
        TIMER
    }

    public final Kind kind;
    public final String name;
    public final String unit;
    public final String help;

    OpsMetric(Kind kind, String name, String unit, String help) {
        this.kind = kind;
        this.name = name;
        this.unit = unit;
        this.help = help;
    }

    public Metadata metadata() {
        return Metadata.builder()
                .withName(name)
                .withDescription(help)
                .withUnit(unit)
                .build();
    }

    /**
     * The sample names Prometheus sees: mpMetrics appends the unit when the name does not end with it, counters
     * get {@code _total}, and timers become a summary with {@code _count}, {@code _sum} and a {@code _max} gauge.
     */
    public List<String> exportedNames() {
        var base = MetricUnits.NONE.equals(unit) || name.endsWith("_" + unit) ? name : name + "_" + unit;
        return switch (kind) {
            case COUNTER -> List.of(base + "_total");
            case GAUGE -> List.of(base);
            case TIMER -> List.of(base, base + "_count", base + "_sum", base + "_max");
        };
    }

    public static Set<String> allExportedNames() {
        return new TreeSet<>(
                Arrays.stream(values()).flatMap(m -> m.exportedNames().stream()).toList());
    }
}
