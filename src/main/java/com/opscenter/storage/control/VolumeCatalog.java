package com.opscenter.storage.control;

import com.opscenter.platform.control.RecentAnswer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Which volumes exist and what their walks found. A volume is a Docker volume or a directory directly under
 * the volumes root; when both carry a name, the Docker volume wins, because that is what containers mount.
 */
@ApplicationScoped
public class VolumeCatalog {

    @Inject
    DockerVolumes docker;

    @Inject
    @ConfigProperties
    StorageSettings settings;

    /** Walk threads carry the application's context, as every thread the server makes for us does. */
    @Resource
    ManagedThreadFactory threadFactory;

    private Clock clock = Clock.systemUTC();
    private WalkThreads walkThreads;
    private SizeCache sizes;
    /**
     * The Engine's volumes (or why it could not answer), at most storage.health.cache old, for the health: the
     * caller that finds it due asks the Engine (the health's own background refresh), others get the last one.
     */
    private RecentAnswer<List<Volume>> recentDockerVolumes;

    /** The Docker volumes at the Engine's last answer, so a backup taken while it is away can name what it lacks. */
    private volatile DockerListing lastDockerListing;

    /** For the container. */
    protected VolumeCatalog() {}

    /** Outside the container, with plain threads for the walks. */
    public VolumeCatalog(DockerVolumes docker, StorageSettings settings) {
        this(docker, settings, Executors.defaultThreadFactory());
    }

    public VolumeCatalog(DockerVolumes docker, StorageSettings settings, ThreadFactory threads) {
        this(docker, settings, threads, Clock.systemUTC());
    }

    public VolumeCatalog(DockerVolumes docker, StorageSettings settings, ThreadFactory threads, Clock clock) {
        this.docker = docker;
        this.settings = settings;
        this.threadFactory = null;
        this.clock = clock;
        start(threads);
    }

    @PostConstruct
    void init() {
        start(threadFactory);
    }

    private void start(ThreadFactory threads) {
        walkThreads = new WalkThreads(settings.walkThreads(), threads);
        sizes = new SizeCache(
                settings.sizeCacheTtl(),
                settings.sizeWait(),
                clock,
                root -> TreeWalker.measure(root, walkThreads),
                walkThreads);
        recentDockerVolumes = new RecentAnswer<>(
                "Docker volume listing", this::dockerVolumes, clock, settings.healthCache(), Runnable::run);
    }

    @PreDestroy
    void stop() {
        walkThreads.close();
    }

    /** The volumes, without walking them. */
    public Catalog volumes() {
        return catalog(this::dockerVolumes);
    }

    /** The Engine's volumes now; records them as its last answer. */
    private List<Volume> dockerVolumes() {
        var dockerVolumes = docker.list();
        lastDockerListing = new DockerListing(
                dockerVolumes.stream().map(Volume::name).sorted().toList(), clock.instant());
        return dockerVolumes;
    }

    private Catalog catalog(Supplier<List<Volume>> dockerListing) {
        var directories = directoryVolumes();
        List<Volume> dockerVolumes;
        Optional<String> dockerProblem;
        try {
            dockerVolumes = dockerListing.get();
            dockerProblem = Optional.empty();
        } catch (DockerUnavailableException e) {
            dockerVolumes = List.of();
            dockerProblem = Optional.of(e.getMessage());
        }
        var dockerNames = dockerVolumes.stream().map(Volume::name).collect(Collectors.toSet());
        var all = new ArrayList<>(dockerVolumes);
        var hidden = new ArrayList<String>();
        for (var directory : directories) {
            if (dockerNames.contains(directory.name())) {
                hidden.add(directory.name());
            } else {
                all.add(directory);
            }
        }
        all.sort(Comparator.comparing(Volume::name));
        return new Catalog(all, dockerProblem, hidden);
    }

    /**
     * Every volume with its report. Walks that are due start together on the walk threads (as many volumes at
     * once as there are threads); the answer waits only for first walks, at most {@code storage.size.wait}.
     */
    public VolumeListing list() {
        var catalog = volumes();
        return listing(catalog, sizes.getAll(paths(catalog)));
    }

    /**
     * As {@link #list()}, for answers anyone may ask for in a loop: waits for no walk (a volume whose first walk
     * runs is "measuring"), and the Docker listing may be up to {@code storage.health.cache} old, refreshed in
     * the background.
     */
    public VolumeListing listNow() {
        var catalog = catalog(recentDockerVolumes::get);
        return listing(catalog, sizes.getAllNow(paths(catalog)));
    }

    private static List<Path> paths(Catalog catalog) {
        return catalog.volumes().stream().map(Volume::path).toList();
    }

    private VolumeListing listing(Catalog catalog, List<SizeCache.Size> sized) {
        var now = clock.instant();
        var reports = new ArrayList<VolumeReport>(sized.size());
        for (int i = 0; i < sized.size(); i++) {
            reports.add(VolumeReport.of(catalog.volumes().get(i), sized.get(i), now, settings.staleAfter()));
        }
        return new VolumeListing(reports, catalog.dockerProblem(), catalog.hiddenDirectories());
    }

    public Optional<VolumeReport> find(String name) {
        if (!VolumeNames.isValid(name)) {
            return Optional.empty();
        }
        Optional<Volume> volume;
        try {
            volume = docker.find(name);
        } catch (DockerUnavailableException e) {
            volume = Optional.empty(); // without the Engine, directory volumes still answer
        }
        return volume.or(() -> directoryVolume(name)).map(this::report);
    }

    /** Reports of the volumes measured at least once (their last size); walks nothing. */
    public List<VolumeReport> cachedReports() {
        var now = clock.instant();
        return volumes().volumes().stream()
                .flatMap(volume -> sizes.cached(volume.path()).stream()
                        .map(stats -> VolumeReport.of(volume, stats, now, settings.staleAfter())))
                .toList();
    }

    private VolumeReport report(Volume volume) {
        return VolumeReport.of(volume, sizes.get(volume.path()), clock.instant(), settings.staleAfter());
    }

    private List<Volume> directoryVolumes() {
        var root = settings.volumesRoot();
        try (var entries = Files.list(root)) {
            return entries.filter(path -> Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
                    .filter(path -> VolumeNames.isValid(path.getFileName().toString()))
                    .map(path -> new Volume(path.getFileName().toString(), path, Map.of(), Volume.Source.DIRECTORY))
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the volumes root " + root, e);
        }
    }

    private Optional<Volume> directoryVolume(String name) {
        // The name is one valid path segment, so this stays directly under the root; symlinks are not volumes.
        var path = settings.volumesRoot().resolve(name);
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                ? Optional.of(new Volume(name, path, Map.of(), Volume.Source.DIRECTORY))
                : Optional.empty();
    }

    /** The names the Engine gave at its last answer since start-up; empty if it has not answered yet. */
    public Optional<DockerListing> lastDockerListing() {
        return Optional.ofNullable(lastDockerListing);
    }

    /** The names of the Docker volumes at one answer of the Engine, and when it gave it. */
    public record DockerListing(List<String> names, Instant at) {}

    /** The volumes, the Engine's problem if it could not be asked, and directories a Docker volume hides. */
    public record Catalog(List<Volume> volumes, Optional<String> dockerProblem, List<String> hiddenDirectories) {}
}
