package com.opscenter.storage.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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

    @Resource
    ManagedExecutorService executor;

    private SizeCache sizes;

    /** The Docker volumes at the Engine's last answer, so a backup taken while it is away can name what it lacks. */
    private volatile DockerListing lastDockerListing;

    /** For the container. */
    protected VolumeCatalog() {}

    /** Outside the container: no executor, so {@link #list()} is not for unit tests. */
    public VolumeCatalog(DockerVolumes docker, StorageSettings settings) {
        this.docker = docker;
        this.settings = settings;
        init();
    }

    @PostConstruct
    void init() {
        sizes = new SizeCache(settings.sizeCacheTtl(), Clock.systemUTC(), TreeWalker::measure);
    }

    /** The volumes, without walking them. */
    public Catalog volumes() {
        var directories = directoryVolumes();
        List<Volume> dockerVolumes;
        Optional<String> dockerProblem;
        try {
            dockerVolumes = docker.list();
            dockerProblem = Optional.empty();
            lastDockerListing = new DockerListing(
                    dockerVolumes.stream().map(Volume::name).sorted().toList(),
                    Clock.systemUTC().instant());
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

    /** Every volume with its report; volumes not in the size cache are walked in parallel. */
    public VolumeListing list() {
        var catalog = volumes();
        var futures = catalog.volumes().stream()
                .map(volume -> CompletableFuture.supplyAsync(() -> report(volume), executor))
                .toList();
        var reports = futures.stream().map(CompletableFuture::join).toList();
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

    /** Reports of the volumes whose size is already cached; walks nothing. */
    public List<VolumeReport> cachedReports() {
        var now = Clock.systemUTC().instant();
        return volumes().volumes().stream()
                .flatMap(volume -> sizes.cached(volume.path()).stream()
                        .map(stats -> VolumeReport.of(volume, stats, now, settings.staleAfter())))
                .toList();
    }

    private VolumeReport report(Volume volume) {
        return VolumeReport.of(
                volume, sizes.get(volume.path()), Clock.systemUTC().instant(), settings.staleAfter());
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
