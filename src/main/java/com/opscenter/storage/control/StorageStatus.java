package com.opscenter.storage.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/** Disk space and health, measured on the file system that holds the volumes root. */
@ApplicationScoped
public class StorageStatus {

    @Inject
    VolumeCatalog catalog;

    @Inject
    @ConfigProperties
    StorageSettings settings;

    public record Info(DiskUsage disk, VolumeListing listing) {}

    public Info info() {
        return new Info(DiskUsage.of(settings.volumesRoot()), catalog.list());
    }

    public HealthAssessment health() {
        return HealthAssessment.of(catalog.list(), DiskUsage.of(settings.volumesRoot()));
    }
}
