package com.opscenter.backups.boundary;

import com.opscenter.archive.io.DurableFiles;
import com.opscenter.backups.control.BackupConfigEditor;
import com.opscenter.backups.control.BackupSettings;
import com.opscenter.backups.control.IgnoredSidecars;
import com.opscenter.storage.control.DiskUsage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The backup location accepts a file and keeps more free space than {@code health.backup.min.free.bytes}: a
 * scheduled backup into a full or read-only folder would fail hours later, when nobody watches.
 */
@Readiness
@ApplicationScoped
public class BackupLocationHealthCheck implements HealthCheck {

    @Inject
    BackupConfigEditor configuration;

    @Inject
    @ConfigProperties
    BackupSettings settings;

    /** Reported, not judged: a refused sidecar does not stop the next backup (GET /backups lists the reasons). */
    @Inject
    IgnoredSidecars ignoredSidecars;

    @Override
    public HealthCheckResponse call() {
        return call(settings.healthMinFreeBytes());
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
            DurableFiles.createPrivateDirectories(location);
            Files.delete(Files.createTempFile(location, ".health-", ".tmp"));
            var free = DiskUsage.of(location).free();
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
        } catch (IOException | RuntimeException e) {
            return response.down()
                    .withData("reason", "backup location not writable: " + e)
                    .build();
        }
    }
}
