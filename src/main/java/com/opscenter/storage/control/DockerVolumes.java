package com.opscenter.storage.control;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.PruneType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Docker volumes and images through the Engine API. Removal is limited to what no container references
 * (running or stopped): volumes without the {@value #PROTECT_LABEL}=true label, and dangling images.
 */
@ApplicationScoped
public class DockerVolumes {

    public static final String PROTECT_LABEL = "ops-center.protect";
    static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";
    /** From API 1.42 (Engine 23) volume prune spares named volumes unless asked, and labels anonymous ones. */
    static final int[] ANONYMOUS_AWARE_API = {1, 42};

    private static final Pattern GENERATED_NAME = Pattern.compile("[0-9a-f]{64}");

    @Inject
    DockerClient docker;

    @Inject
    @ConfigProperties
    StorageSettings settings;

    /** For the container. */
    protected DockerVolumes() {}

    public DockerVolumes(DockerClient docker, StorageSettings settings) {
        this.docker = docker;
        this.settings = settings;
    }

    /** @throws DockerUnavailableException when the Engine cannot be reached */
    public List<Volume> list() {
        var volumes = engine(() -> docker.listVolumesCmd().exec().getVolumes());
        return volumes == null
                ? List.of()
                : volumes.stream()
                        .map(v -> new Volume(
                                v.getName(), Path.of(v.getMountpoint()), v.getLabels(), Volume.Source.DOCKER))
                        .toList();
    }

    /** @throws DockerUnavailableException when the Engine cannot be reached */
    public Optional<Volume> find(String name) {
        try {
            var v = engine(() -> docker.inspectVolumeCmd(name).exec());
            return Optional.of(
                    new Volume(v.getName(), Path.of(v.getMountpoint()), v.getLabels(), Volume.Source.DOCKER));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Removes volumes no container references and nobody protected; named ones only when
     * {@code storage.prune.named.volumes} allows it.
     */
    public PruneReport pruneVolumes(boolean dryRun) {
        var anonymousAware = apiAtLeast(ANONYMOUS_AWARE_API);
        var includeNamed = settings.pruneNamedVolumes();
        var candidates = unusedVolumes().stream()
                .filter(v -> includeNamed || isAnonymous(v, anonymousAware))
                .toList();
        if (dryRun) {
            return new PruneReport(
                    candidates.stream().map(InspectVolumeResponse::getName).toList(), 0);
        }
        if (anonymousAware || includeNamed) {
            return prune(candidates, includeNamed);
        }
        return removeOneByOne(candidates);
    }

    /** Removes dangling images (untagged, used by no container). */
    public PruneReport pruneImages(boolean dryRun) {
        var before = danglingImages();
        if (dryRun) {
            return new PruneReport(before, 0);
        }
        var reclaimed = engine(() ->
                docker.pruneCmd(PruneType.IMAGES).withDangling(true).exec().getSpaceReclaimed());
        var remaining = Set.copyOf(danglingImages());
        return new PruneReport(
                before.stream().filter(id -> !remaining.contains(id)).toList(), orZero(reclaimed));
    }

    private PruneReport prune(List<InspectVolumeResponse> candidates, boolean includeNamed) {
        var prune = docker.pruneCmd(PruneType.VOLUMES);
        // PruneCmd has no method for negated label filters; its filter map is the one it sends.
        prune.getFilters().put("label!", List.of(PROTECT_LABEL + "=true"));
        if (includeNamed) {
            prune.getFilters().put("all", List.of("true"));
        }
        var reclaimed = engine(() -> prune.exec().getSpaceReclaimed());
        var remaining = list().stream().map(Volume::name).collect(Collectors.toSet());
        return new PruneReport(
                candidates.stream()
                        .map(InspectVolumeResponse::getName)
                        .filter(name -> !remaining.contains(name))
                        .toList(),
                orZero(reclaimed));
    }

    /**
     * Before API 1.42 the Engine's prune also removes named volumes, so anonymous ones are removed one by one.
     * The Engine still refuses a volume that a container started using meanwhile; that one is skipped. Freed
     * bytes are measured before removal, as far as the service can see the mountpoint.
     */
    private PruneReport removeOneByOne(List<InspectVolumeResponse> candidates) {
        var removed = new ArrayList<String>();
        long freed = 0;
        for (var volume : candidates) {
            var size = TreeWalker.measure(Path.of(volume.getMountpoint())).size();
            try {
                engine(() -> docker.removeVolumeCmd(volume.getName()).exec());
                removed.add(volume.getName());
                freed += size;
            } catch (ConflictException | NotFoundException e) {
                // now in use, or already gone: either way not ours to remove
            }
        }
        return new PruneReport(removed, freed);
    }

    /** Volumes no container references, running or stopped, and not protected by label. */
    private List<InspectVolumeResponse> unusedVolumes() {
        var dangling = engine(
                () -> docker.listVolumesCmd().withDanglingFilter(true).exec().getVolumes());
        return dangling == null
                ? List.of()
                : dangling.stream()
                        .filter(v -> v.getLabels() == null
                                || !"true".equals(v.getLabels().get(PROTECT_LABEL)))
                        .toList();
    }

    private static boolean isAnonymous(InspectVolumeResponse volume, boolean anonymousAware) {
        var labelled = volume.getLabels() != null && volume.getLabels().containsKey(ANONYMOUS_LABEL);
        // Older Engines do not label anonymous volumes; they name them with 64 hex digits.
        return labelled
                || (!anonymousAware && GENERATED_NAME.matcher(volume.getName()).matches());
    }

    private List<String> danglingImages() {
        var containers =
                engine(() -> docker.listContainersCmd().withShowAll(true).exec());
        var inUse = containers.stream()
                .map(Container::getImageId)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        var images =
                engine(() -> docker.listImagesCmd().withDanglingFilter(true).exec());
        return images.stream()
                .map(Image::getId)
                .filter(id -> !inUse.contains(id))
                .toList();
    }

    private boolean apiAtLeast(int[] wanted) {
        var version = engine(() -> docker.versionCmd().exec().getApiVersion()).split("\\.");
        var major = Integer.parseInt(version[0]);
        return major > wanted[0] || (major == wanted[0] && Integer.parseInt(version[1]) >= wanted[1]);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    /** docker-java reports an unreachable Engine as a bare RuntimeException around an IOException. */
    private static <T> T engine(Supplier<T> command) {
        try {
            return command.get();
        } catch (DockerException e) {
            throw e;
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw new DockerUnavailableException(io);
            }
            throw e;
        }
    }
}
