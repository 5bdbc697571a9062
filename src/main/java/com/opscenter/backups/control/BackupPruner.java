package com.opscenter.backups.control;

import com.opscenter.backups.entity.Backup;
import com.opscenter.retention.KeepPolicy;
import com.opscenter.storage.control.BackupPruning;
import com.opscenter.storage.control.PruneReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies retention after every successful backup, and on demand (storage cleanup's cleanup_backups, a schedule's
 * retention endpoint). Manual backups follow the configuration's retention_days; a schedule's backups follow
 * that schedule's policy, applied after each successful run of it; backups of a deleted schedule are not removed
 * by any policy.
 */
@ApplicationScoped
public class BackupPruner implements BackupPruning {

    private static final Logger LOG = Logger.getLogger(BackupPruner.class.getName());

    private BackupCatalog catalog;
    private BackupConfigStore configs;
    private BackupArchives archives;
    private BackupUsage usage;
    private Clock clock;
    private BackupSchedules schedules;

    /** For the container's client proxy only. */
    protected BackupPruner() {}

    @Inject
    public BackupPruner(
            BackupCatalog catalog,
            BackupConfigStore configs,
            BackupArchives archives,
            BackupUsage usage,
            Clock clock,
            BackupSchedules schedules) {
        this.catalog = catalog;
        this.configs = configs;
        this.archives = archives;
        this.usage = usage;
        this.clock = clock;
        this.schedules = schedules;
    }

    /** Without named schedules (unit tests of the configuration's rule): scheduled backups follow it too. */
    public BackupPruner(
            BackupCatalog catalog, BackupConfigStore configs, BackupArchives archives, BackupUsage usage, Clock clock) {
        this(catalog, configs, archives, usage, clock, null);
    }

    public record Outcome(List<String> removed, long bytesFreed, List<String> errors) {}

    /** A schedule's retention: every backup of it with its verdict, and what removing the others did. */
    public record ScheduleOutcome(List<RetentionRule.Verdict<Backup>> verdicts, Outcome outcome) {}

    void afterBackup(@Observes BackupFinished finished) {
        if (!finished.succeeded()) {
            return;
        }
        apply();
        if (schedules != null) {
            catalog.find(finished.backupId())
                    .map(Backup::schedule)
                    .flatMap(schedules::find)
                    .ifPresent(schedule -> apply(schedule, false));
        }
    }

    /** The schedule's policy on its backups; a dry run removes nothing. */
    public synchronized ScheduleOutcome apply(Schedule schedule, boolean dryRun) {
        var verdicts = RetentionRule.decide(
                catalog.all(),
                b -> schedule.name().equals(b.schedule()),
                RetentionRule.backupFacts(usage::inUse),
                new RetentionRule.Policy(schedule.keep(), schedule.zone(), schedule.retentionDays()),
                clock.instant());
        if (dryRun) {
            return new ScheduleOutcome(verdicts, new Outcome(List.of(), 0, List.of()));
        }
        var going = verdicts.stream()
                .filter(v -> !v.keep())
                .map(RetentionRule.Verdict::item)
                .toList();
        return new ScheduleOutcome(verdicts, remove(going));
    }

    /** For storage cleanup: the same policy, reported the way cleanup reports; a dry run only names backups. */
    @Override
    public PruneReport apply(boolean dryRun) {
        var every = schedules == null ? List.<Schedule>of() : schedules.all();
        if (dryRun) {
            var going = new ArrayList<String>();
            expired().forEach(b -> going.add(b.id()));
            for (var schedule : every) {
                apply(schedule, true).verdicts().stream()
                        .filter(v -> !v.keep())
                        .forEach(v -> going.add(v.item().id()));
            }
            return new PruneReport(going, 0);
        }
        var outcome = apply();
        for (var schedule : every) {
            var more = apply(schedule, false).outcome();
            outcome = new Outcome(
                    concat(outcome.removed(), more.removed()),
                    outcome.bytesFreed() + more.bytesFreed(),
                    concat(outcome.errors(), more.errors()));
        }
        if (!outcome.errors().isEmpty()) {
            throw new IllegalStateException(String.join("; ", outcome.errors()));
        }
        return new PruneReport(outcome.removed(), outcome.bytesFreed());
    }

    /** Manual backups by the configuration's retention_days (all backups, without named schedules). */
    private List<Backup> expired() {
        return RetentionRule.decide(
                        catalog.all(),
                        b -> schedules == null || b.schedule() == null,
                        RetentionRule.backupFacts(usage::inUse),
                        new RetentionRule.Policy(
                                KeepPolicy.NONE,
                                ZoneOffset.UTC,
                                configs.current().retentionDays()),
                        clock.instant())
                .stream()
                .filter(v -> !v.keep())
                .map(RetentionRule.Verdict::item)
                .toList();
    }

    public synchronized Outcome apply() {
        return remove(expired());
    }

    /**
     * Newest first, so an increment goes before what it depends on. When one cannot be removed, what it depends
     * on stays (the delete would refuse it anyway) and is not reported as another failure: it is kept for the
     * chain, and goes on a later run.
     */
    private Outcome remove(List<Backup> expired) {
        var removed = new ArrayList<String>();
        var errors = new ArrayList<String>();
        var stillNeeded = new HashSet<String>();
        long freed = 0;
        var newestFirst = expired.stream()
                .sorted(Comparator.comparing(Backup::startedAt)
                        .thenComparing(Backup::id)
                        .reversed())
                .toList();
        for (Backup backup : newestFirst) {
            if (stillNeeded.contains(backup.id())) {
                stillNeeded.addAll(backup.dependsOn());
                continue;
            }
            try {
                archives.delete(backup.id());
                removed.add(backup.id());
                freed += backup.sizeBytes();
            } catch (IOException | RuntimeException e) {
                stillNeeded.addAll(backup.dependsOn());
                errors.add("Could not remove backup " + backup.id() + ": " + e.getMessage());
                LOG.log(Level.WARNING, "Retention could not remove " + backup.id(), e);
            }
        }
        return new Outcome(removed, freed, errors);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
