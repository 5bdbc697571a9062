package com.opscenter.backups.boundary;

import com.opscenter.backups.control.BackupPruner;
import com.opscenter.backups.control.RetentionRule;
import com.opscenter.backups.entity.Backup;
import com.opscenter.platform.boundary.Timestamps;
import java.util.List;

/**
 * A schedule's retention: the backups that go ({@code remove}; with {@code dry_run} false they are gone, as
 * {@code removed} confirms) and those that stay, each with every reason it stays.
 */
public record RetentionReport(
        String schedule,
        boolean dryRun,
        List<Item> remove,
        List<Item> keep,
        List<String> removed,
        long bytesFreed,
        List<String> errors) {

    public record Item(String backupId, String timestamp, String status, long sizeBytes, List<String> reasons) {

        static Item of(RetentionRule.Verdict<Backup> verdict) {
            var b = verdict.item();
            return new Item(
                    b.id(), Timestamps.iso(b.startedAt()), b.status().wireName(), b.sizeBytes(), verdict.reasons());
        }
    }

    static RetentionReport of(String schedule, boolean dryRun, BackupPruner.ScheduleOutcome outcome) {
        var remove =
                outcome.verdicts().stream().filter(v -> !v.keep()).map(Item::of).toList();
        var keep = outcome.verdicts().stream()
                .filter(RetentionRule.Verdict::keep)
                .map(Item::of)
                .toList();
        return new RetentionReport(
                schedule,
                dryRun,
                remove,
                keep,
                outcome.outcome().removed(),
                outcome.outcome().bytesFreed(),
                outcome.outcome().errors());
    }
}
