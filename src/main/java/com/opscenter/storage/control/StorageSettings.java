package com.opscenter.storage.control;

import jakarta.enterprise.context.Dependent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The storage feature's configuration, by full key (storage.* and docker.*); defaults in
 * META-INF/microprofile-config.properties, the folders in server.xml.
 */
@ConfigProperties
@Dependent
public class StorageSettings {

    @ConfigProperty(name = "storage.volumes.root")
    String volumesRoot;

    @ConfigProperty(name = "storage.log.dirs")
    List<String> logDirs;

    @ConfigProperty(name = "storage.cache.dirs")
    List<String> cacheDirs;

    @ConfigProperty(name = "storage.cache.keep.patterns")
    List<String> cacheKeepPatterns;

    @ConfigProperty(name = "storage.size.cache.ttl")
    Duration sizeCacheTtl;

    @ConfigProperty(name = "storage.size.wait")
    Duration sizeWait;

    @ConfigProperty(name = "storage.health.cache")
    Duration healthCache;

    @ConfigProperty(name = "storage.walk.threads")
    int walkThreads;

    @ConfigProperty(name = "storage.stale.days")
    int staleDays;

    @ConfigProperty(name = "storage.log.compress.after.days")
    int logCompressAfterDays;

    @ConfigProperty(name = "storage.log.min.idle")
    Duration logMinIdle;

    @ConfigProperty(name = "storage.prune.named.volumes")
    boolean pruneNamedVolumes;

    @ConfigProperty(name = "docker.host")
    String dockerHost;

    @ConfigProperty(name = "docker.connect.timeout")
    Duration dockerConnectTimeout;

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

    /** How long the caller that starts a volume's first walk waits for it before hearing "measuring". */
    public Duration sizeWait() {
        return sizeWait;
    }

    /**
     * How old the storage health and the Docker volume listing behind it may be when served: anyone may ask for
     * them in a loop, and each answer is a Docker call, a folder listing and a statfs. Zero computes every call.
     */
    public Duration healthCache() {
        return healthCache;
    }

    /** Threads shared by all volume walks: how many volumes are walked at once, and how wide one walk goes. */
    public int walkThreads() {
        return walkThreads;
    }

    public Duration staleAfter() {
        return Duration.ofDays(staleDays);
    }

    public Duration logCompressAfter() {
        return Duration.ofDays(logCompressAfterDays);
    }

    /** Log clean-up touches no file changed more recently than this. */
    public Duration logMinIdle() {
        return logMinIdle;
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
