package com.opscenter.storage.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The storage feature's configuration; defaults in META-INF/microprofile-config.properties and server.xml. */
@ApplicationScoped
public class StorageSettings {

    @Inject
    @ConfigProperty(name = "storage.volumes.root")
    String volumesRoot;

    @Inject
    @ConfigProperty(name = "storage.log.dirs")
    List<String> logDirs;

    @Inject
    @ConfigProperty(name = "storage.cache.dirs")
    List<String> cacheDirs;

    @Inject
    @ConfigProperty(name = "storage.cache.keep.patterns")
    List<String> cacheKeepPatterns;

    @Inject
    @ConfigProperty(name = "storage.size.cache.ttl")
    Duration sizeCacheTtl;

    @Inject
    @ConfigProperty(name = "storage.stale.days")
    int staleDays;

    @Inject
    @ConfigProperty(name = "storage.log.compress.after.days")
    int logCompressAfterDays;

    @Inject
    @ConfigProperty(name = "storage.prune.named.volumes")
    boolean pruneNamedVolumes;

    @Inject
    @ConfigProperty(name = "docker.host")
    String dockerHost;

    @Inject
    @ConfigProperty(name = "docker.connect.timeout")
    Duration dockerConnectTimeout;

    @Inject
    @ConfigProperty(name = "docker.response.timeout")
    Duration dockerResponseTimeout;

    public Path volumesRoot() {
        return Path.of(volumesRoot);
    }

    public List<Path> logDirs() {
        return logDirs.stream().map(Path::of).toList();
    }

    public List<Path> cacheDirs() {
        return cacheDirs.stream().map(Path::of).toList();
    }

    public List<String> cacheKeepPatterns() {
        return cacheKeepPatterns;
    }

    public Duration sizeCacheTtl() {
        return sizeCacheTtl;
    }

    public Duration staleAfter() {
        return Duration.ofDays(staleDays);
    }

    public Duration logCompressAfter() {
        return Duration.ofDays(logCompressAfterDays);
    }

    public boolean pruneNamedVolumes() {
        return pruneNamedVolumes;
    }

    public String dockerHost() {
        return dockerHost;
    }

    public Duration dockerConnectTimeout() {
        return dockerConnectTimeout;
    }

    public Duration dockerResponseTimeout() {
        return dockerResponseTimeout;
    }
}
