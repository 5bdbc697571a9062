package com.opscenter.metrics;

import com.opscenter.backups.control.BackupConfigEditor;
import com.opscenter.storage.control.DiskUsage;
import com.opscenter.storage.control.StorageSettings;
import com.opscenter.storage.control.VolumeCatalog;
import com.opscenter.storage.control.VolumeHealth;
import com.opscenter.storage.control.VolumeReport;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * File system space of the volumes root and the backup location, read per scrape (one statfs each), and volume
 * sizes and health from the size cache. Volumes come and go, so their gauges are re-registered every
 * {@code 15 s} from the cache; a volume nobody has measured yet is not reported rather than walked here.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StorageMetrics {

    private static final Logger LOG = Logger.getLogger(StorageMetrics.class.getName());

    @Inject
    MetricRegistry registry;

    @Inject
    VolumeCatalog volumes;

    @Inject
    @ConfigProperties
    StorageSettings storage;

    @Inject
    BackupConfigEditor backups;

    private volatile List<VolumeReport> measured = List.of();
    private final Set<String> registeredVolumes = new HashSet<>();

    @PostConstruct
    void register() {
        filesystem("volumes", () -> storage.volumesRoot());
        filesystem("backups", () -> Path.of(backups.current().backupLocation()));
        for (var health : VolumeHealth.values()) {
            registry.gauge(
                    OpsMetric.VOLUMES.metadata(),
                    () -> measured.stream().filter(r -> r.health() == health).count(),
                    new Tag("health", health.name().toLowerCase(Locale.ROOT)));
        }
    }

    private void filesystem(String location, Supplier<Path> path) {
        var tag = new Tag("location", location);
        gauge(OpsMetric.FILESYSTEM_SIZE, tag, path, disk -> disk.total());
        gauge(OpsMetric.FILESYSTEM_FREE, tag, path, disk -> disk.free());
        gauge(OpsMetric.FILESYSTEM_USAGE_RATIO, tag, path, disk -> disk.percentUsed() / 100.0);
    }

    private void gauge(OpsMetric metric, Tag tag, Supplier<Path> path, ToDoubleFunction<DiskUsage> value) {
        registry.gauge(
                metric.metadata(),
                () -> {
                    try {
                        return value.applyAsDouble(DiskUsage.of(path.get()));
                    } catch (RuntimeException e) {
                        LOG.log(Level.FINE, "Cannot read " + metric.name + " of " + tag.getTagValue(), e);
                        return Double.NaN;
                    }
                },
                tag);
    }

    @Schedule(hour = "*", minute = "*", second = "*/15", persistent = false, info = "ops-center-volume-metrics")
    void refreshVolumes() {
        List<VolumeReport> reports;
        try {
            reports = volumes.cachedReports();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Cannot list volumes for metrics", e);
            return;
        }
        measured = reports;
        var current = new HashSet<String>();
        for (var report : reports) {
            var name = report.volume().name();
            current.add(name);
            if (registeredVolumes.add(name)) {
                registry.gauge(OpsMetric.VOLUME_SIZE.metadata(), () -> sizeOf(name), new Tag("volume", name));
            }
        }
        for (var gone : Set.copyOf(registeredVolumes)) {
            if (!current.contains(gone)) {
                registry.remove(new MetricID(OpsMetric.VOLUME_SIZE.name, new Tag("volume", gone)));
                registeredVolumes.remove(gone);
            }
        }
    }

    private double sizeOf(String volume) {
        return measured.stream()
                .filter(r -> r.volume().name().equals(volume))
                .mapToDouble(r -> r.stats().size())
                .findFirst()
                .orElse(Double.NaN);
    }
}
