package com.opscenter.backups.control;

import com.opscenter.backups.entity.Backup;
import com.opscenter.storage.control.BackupPruning;
import com.opscenter.storage.control.PruneReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Applies retention after every successful backup, and on demand (storage cleanup's cleanup_backups). */
@ApplicationScoped
public class BackupPruner implements BackupPruning {

    private static final Logger LOG = Logger.getLogger(BackupPruner.class.getName());

    private BackupCatalog catalog;
    private BackupConfigStore configs;
    private BackupArchives archives;
    private BackupUsage usage;
    private Clock clock;

    /** For the container's client proxy only. */
    protected BackupPruner() {}

    @Inject
    public BackupPruner(
            BackupCatalog catalog, BackupConfigStore configs, BackupArchives archives, BackupUsage usage, Clock clock) {
        this.catalog = catalog;
        this.configs = configs;
        this.archives = archives;
        this.usage = usage;
        this.clock = clock;
    }

    public record Outcome(List<String> removed, long bytesFreed, List<String> errors) {}

    void afterBackup(@Observes BackupFinished finished) {
        if (finished.succeeded()) {
            apply();
        }
    }

    /** For storage cleanup: the same policy, reported the way cleanup reports; a dry run only names backups. */
    @Override
    public PruneReport apply(boolean dryRun) {
        if (dryRun) {
            var expired = expired();
            return new PruneReport(expired.stream().map(Backup::id).toList(), 0);
        }
        var outcome = apply();
        if (!outcome.errors().isEmpty()) {
            throw new IllegalStateException(String.join("; ", outcome.errors()));
        }
        return new PruneReport(outcome.removed(), outcome.bytesFreed());
    }

    private List<Backup> expired() {
        return RetentionRule.expired(
                catalog.all(), clock.instant(), configs.current().retentionDays(), usage::inUse);
    }

    public synchronized Outcome apply() {
        var expired = expired();
        var removed = new ArrayList<String>();
        var errors = new ArrayList<String>();
        long freed = 0;
        for (Backup backup : expired) {
            try {
                archives.delete(backup.id());
                removed.add(backup.id());
                freed += backup.sizeBytes();
            } catch (IOException | RuntimeException e) {
                errors.add("Could not remove backup " + backup.id() + ": " + e.getMessage());
                LOG.log(Level.WARNING, "Retention could not remove " + backup.id(), e);
            }
        }
        return new Outcome(removed, freed, errors);
    }
}
