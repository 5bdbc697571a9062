package com.opscenter.backups.boundary;

import com.opscenter.backups.control.BackupConfigEditor;
import com.opscenter.backups.control.BackupSettings;
import com.opscenter.backups.control.IgnoredSidecars;
import com.opscenter.platform.boundary.DetailedHealthCheck;
import com.opscenter.platform.control.CachedProbe;
import com.opscenter.storage.control.DiskUsage;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The backup location can take a file and keeps more free space than {@code health.backup.min.free.bytes}: a
 * scheduled backup into a full or read-only folder would fail hours later, when nobody watches. Probes write
 * nothing (a probe file per call would let any caller make this server write): the folder, or the nearest
 * existing folder above it that a backup would create it in, must be a writable directory.
 */
@Readiness
@ApplicationScoped
public class BackupLocationHealthCheck implements DetailedHealthCheck {

    @Inject
    BackupConfigEditor configuration;

    @Inject
    @ConfigProperties
    BackupSettings settings;

    /** Reported, not judged: a refused sidecar does not stop the next backup (GET /backups lists the reasons). */
    @Inject
    IgnoredSidecars ignoredSidecars;

    @Inject
    Clock clock;

    /** Where a due probe is refreshed while callers get the last answer. */
    @Resource
    ManagedExecutorService executor;

    private CachedProbe<HealthCheckResponse> cache;

    @Override
    public synchronized HealthCheckResponse details() {
        if (cache == null) {
            cache = new CachedProbe<>(
                    "backup-location probe",
                    () -> call(settings.healthMinFreeBytes()),
                    clock,
                    CachedProbe.TTL,
                    executor);
        }
        return cache.get();
    }

    HealthCheckResponse call(long minFreeBytes) {
        var response = HealthCheckResponse.named("backup-location");
        Path location;
        try {
            location = Path.of(configuration.current().backupLocation());
        } catch (RuntimeException e) {
            return response.down()
                    .withData("reason", "backup configuration unreadable: " + e.getMessage())
                    .build();
        }
        response.withData("location", location.toString()).withData("min_free_bytes", minFreeBytes);
        if (ignoredSidecars != null && ignoredSidecars.count() > 0) {
            response.withData("ignored_sidecars", ignoredSidecars.count());
        }
        try {
            var existing = location.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
                return response.down()
                        .withData("reason", "backup location not writable: " + (existing == null ? location : existing))
                        .build();
            }
            var free = DiskUsage.of(existing).free();
            response.withData("free_bytes", free);
            if (free < minFreeBytes) {
                return response.down()
                        .withData(
                                "reason",
                                "only " + free + " bytes free, below the threshold of " + minFreeBytes
                                        + " (health.backup.min.free.bytes)")
                        .build();
            }
            return response.up().build();
        } catch (RuntimeException e) {
            return response.down()
                    .withData("reason", "backup location not writable: " + e)
                    .build();
        }
    }
}
