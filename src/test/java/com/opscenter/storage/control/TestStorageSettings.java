package com.opscenter.storage.control;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Storage settings as the defaults file gives them, with a test's volumes root and Docker host. */
public final class TestStorageSettings {

    private TestStorageSettings() {}

    public static StorageSettings of(Path volumesRoot, String dockerHost) {
        var settings = new StorageSettings();
        settings.volumesRoot = volumesRoot.toString();
        settings.logDirs = List.of();
        settings.cacheDirs = List.of();
        settings.cacheKeepPatterns = List.of();
        settings.sizeCacheTtl = Duration.ofMinutes(5);
        settings.sizeWait = Duration.ofSeconds(3);
        settings.healthCache = Duration.ofSeconds(5);
        settings.walkThreads = 4;
        settings.staleDays = 90;
        settings.logCompressAfterDays = 7;
        settings.logMinIdle = Duration.ofHours(24);
        settings.pruneNamedVolumes = false;
        settings.dockerHost = dockerHost;
        settings.dockerConnectTimeout = Duration.ofSeconds(3);
        settings.dockerResponseTimeout = Duration.ofSeconds(60);
        return settings;
    }

    /** The catalog of a real Docker client whose Engine socket does not exist: the Engine is unreachable. */
    public static VolumeCatalog withoutEngine(Path volumesRoot, Path deadSocket) {
        var settings = of(volumesRoot, "unix://" + deadSocket);
        return new VolumeCatalog(new DockerVolumes(DockerClients.connect(settings), settings), settings);
    }
}
