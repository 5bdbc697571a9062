package com.opscenter.metrics;

import com.opscenter.backups.control.BackupCatalog;
import com.opscenter.backups.control.BackupDeleted;
import com.opscenter.backups.control.BackupFinished;
import com.opscenter.backups.control.BackupRestored;
import com.opscenter.backups.control.BackupVerified;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Backup counters from the backup events, and catalog gauges read from the database. The catalog is read at most
 * once per {@link #CATALOG_TTL}, however many gauges a scrape reads, and the last-success timestamp comes from the
 * catalog so that it survives a restart instead of resetting to zero and tripping the staleness alert.
 */
@ApplicationScoped
public class BackupMetrics {

    private static final Logger LOG = Logger.getLogger(BackupMetrics.class.getName());
    static final Duration CATALOG_TTL = Duration.ofSeconds(5);

    @Inject
    MetricRegistry registry;

    @Inject
    BackupCatalog catalog;

    private final Memo<CatalogSummary> summary = new Memo<>(CATALOG_TTL, this::readCatalog);

    /** What the catalog gauges show, from one read of the catalog. */
    record CatalogSummary(long count, long totalBytes, Optional<Backup> lastSuccessful) {}

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        for (var type : BackupType.values()) {
            var tag = typeTag(type);
            registry.counter(OpsMetric.BACKUP_ATTEMPT.metadata(), tag);
            registry.counter(OpsMetric.BACKUP_SUCCESS.metadata(), tag);
            registry.counter(OpsMetric.BACKUP_FAILURE.metadata(), tag);
        }
        registry.timer(OpsMetric.BACKUP_DURATION.metadata());
        registry.timer(OpsMetric.BACKUP_CONTAINER_DOWNTIME.metadata());
        registry.counter(OpsMetric.BACKUP_BYTES.metadata());
        registry.counter(OpsMetric.RESTORES.metadata());
        registry.counter(OpsMetric.VERIFIES.metadata());
        registry.counter(OpsMetric.VERIFY_FAILURES.metadata());
        registry.counter(OpsMetric.DELETES.metadata());
        gauge(OpsMetric.BACKUPS_IN_CATALOG, s -> s.count());
        gauge(OpsMetric.BACKUPS_CATALOG_SIZE, s -> s.totalBytes());
        gauge(
                OpsMetric.BACKUP_LAST_SIZE,
                s -> s.lastSuccessful().map(Backup::sizeBytes).orElse(0L));
        gauge(
                OpsMetric.BACKUP_LAST_FILES,
                s -> s.lastSuccessful().map(Backup::filesCount).orElse(0L));
        gauge(
                OpsMetric.BACKUP_LAST_SUCCESS_TIMESTAMP,
                s -> s.lastSuccessful()
                        .map(BackupMetrics::finishedAt)
                        .map(at -> at.toEpochMilli() / 1000.0)
                        .orElse(0.0));
    }

    /** Runs in the job's thread after the outcome is committed; counting cannot fail the job. */
    void backupFinished(@Observes BackupFinished backup) {
        var tag = typeTag(backup.type());
        registry.counter(OpsMetric.BACKUP_ATTEMPT.metadata(), tag).inc();
        if (backup.succeeded()) {
            registry.counter(OpsMetric.BACKUP_SUCCESS.metadata(), tag).inc();
            registry.counter(OpsMetric.BACKUP_BYTES.metadata()).inc(Math.max(0, backup.sizeBytes()));
        } else {
            registry.counter(OpsMetric.BACKUP_FAILURE.metadata(), tag).inc();
        }
        if (backup.duration() != null) {
            registry.timer(OpsMetric.BACKUP_DURATION.metadata()).update(backup.duration());
        }
        if (backup.containerDowntime() != null) {
            registry.timer(OpsMetric.BACKUP_CONTAINER_DOWNTIME.metadata()).update(backup.containerDowntime());
        }
        summary.invalidate();
    }

    void restored(@Observes BackupRestored restored) {
        registry.counter(OpsMetric.RESTORES.metadata()).inc();
    }

    void verified(@Observes BackupVerified verified) {
        registry.counter(OpsMetric.VERIFIES.metadata()).inc();
        if (!verified.valid()) {
            registry.counter(OpsMetric.VERIFY_FAILURES.metadata()).inc();
        }
    }

    void deleted(@Observes BackupDeleted deleted) {
        registry.counter(OpsMetric.DELETES.metadata()).inc();
        summary.invalidate();
    }

    static Tag typeTag(BackupType type) {
        return new Tag("type", type.name().toLowerCase(Locale.ROOT));
    }

    static Instant finishedAt(Backup backup) {
        return backup.finishedAt() != null ? backup.finishedAt() : backup.startedAt();
    }

    private CatalogSummary readCatalog() {
        List<Backup> all = catalog.all();
        var total = all.stream().mapToLong(b -> Math.max(0, b.sizeBytes())).sum();
        var last = all.stream()
                .filter(b -> b.status().isComplete())
                .max(java.util.Comparator.comparing(BackupMetrics::finishedAt));
        return new CatalogSummary(all.size(), total, last);
    }

    private void gauge(OpsMetric metric, Function<CatalogSummary, Number> value) {
        registry.gauge(metric.metadata(), () -> read(metric, value));
    }

    private double read(OpsMetric metric, Function<CatalogSummary, Number> value) {
        try {
            return value.apply(summary.get()).doubleValue();
        } catch (RuntimeException e) {
            // A scrape while the database is away shows a gap, not an error page for every metric.
            LOG.log(Level.FINE, "Cannot read " + metric.name, e);
            return Double.NaN;
        }
    }
}
