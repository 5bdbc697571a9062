package com.opscenter.storage.control;

import com.opscenter.platform.control.RecentAnswer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.Executor;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Disk space and health, measured on the file system that holds the volumes root. The health is served from an
 * answer at most {@code storage.health.cache} old: monitoring polls it, and computing it per call (a Docker
 * listing, a folder listing, a statfs and every volume's report) cost more than the request itself.
 */
@ApplicationScoped
public class StorageStatus {

    @Inject
    VolumeCatalog catalog;

    @Inject
    @ConfigProperties
    StorageSettings settings;

    @Inject
    Clock clock;

    /** Runs the health refresh, off the request that found the answer due. */
    @Resource
    ManagedExecutorService executor;

    private RecentAnswer<HealthAssessment> health;

    /** For the container. */
    protected StorageStatus() {}

    public StorageStatus(VolumeCatalog catalog, StorageSettings settings, Clock clock, Executor refresher) {
        this.catalog = catalog;
        this.settings = settings;
        this.clock = clock;
        start(refresher);
    }

    @PostConstruct
    void init() {
        start(executor);
    }

    private void start(Executor refresher) {
        health = new RecentAnswer<>(
                "storage health",
                () -> HealthAssessment.of(catalog.listNow(), DiskUsage.of(settings.volumesRoot())),
                clock,
                settings.healthCache(),
                refresher);
    }

    public record Info(DiskUsage disk, VolumeListing listing) {}

    public Info info() {
        return new Info(DiskUsage.of(settings.volumesRoot()), catalog.list());
    }

    /** At most {@code storage.health.cache} old; never waits for a walk (a volume still measured is said so). */
    public HealthAssessment health() {
        return health.get();
    }
}
