package com.opscenter.backups.control;

import com.opscenter.archive.ArchiveSpec;
import com.opscenter.backups.entity.Backup;
import com.opscenter.storage.control.Volume;
import com.opscenter.storage.control.VolumeCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a create request into the trees to archive: the named volumes (or every volume), plus the configured
 * include paths, each under its own prefix so that volumes stay apart inside the archive.
 *
 * <p>While the Docker Engine cannot be asked, a backup of every volume holds the folder volumes and include paths
 * only; it never claims the Docker volumes. Its warnings name them, as the Engine last listed them or, after a
 * restart, as recent backups held them.
 */
@ApplicationScoped
public class BackupSources {

    /** How many of the newest complete backups tell which volumes existed when no listing is remembered. */
    static final int HISTORY = 5;

    private VolumeCatalog volumes;
    private BackupCatalog backups;

    /** For the container's client proxy, and for test doubles. */
    protected BackupSources() {}

    @Inject
    public BackupSources(VolumeCatalog volumes, BackupCatalog backups) {
        this.volumes = volumes;
        this.backups = backups;
    }

    /**
     * The trees of a backup. {@code warnings} says what a backup of every volume lacks because the Engine could
     * not be asked; it is empty otherwise.
     */
    public record Selection(
            List<ArchiveSpec.Source> sources, List<String> volumeNames, List<String> paths, List<String> warnings) {

        public Selection(List<ArchiveSpec.Source> sources, List<String> volumeNames, List<String> paths) {
            this(sources, volumeNames, paths, List.of());
        }
    }

    public Selection select(List<String> includeVolumes, List<String> includePaths) {
        var catalog = volumes.volumes();
        var dockerProblem = catalog.dockerProblem();
        var lacking = dockerProblem.isPresent() ? dockerVolumesLastSeen(catalog.volumes()) : new Lacking(Set.of(), "");
        var known = new LinkedHashMap<String, Volume>();
        for (var volume : catalog.volumes()) {
            // A folder that a Docker volume of the same name hides is not that volume: never back it up as such.
            if (!lacking.names().contains(volume.name())) {
                known.putIfAbsent(volume.name(), volume);
            }
        }
        var names = includeVolumes == null
                ? new ArrayList<>(known.keySet())
                : new ArrayList<>(new LinkedHashSet<>(includeVolumes));
        var unknown = names.stream().filter(name -> !known.containsKey(name)).toList();
        if (!unknown.isEmpty()) {
            if (dockerProblem.isPresent()) {
                throw new DockerEngineUnreachable("Cannot back up volume(s) " + String.join(", ", unknown) + ": "
                        + dockerProblem.get() + ". They are not folder volumes, so only the Engine can tell"
                        + " whether and where they exist.");
            }
            throw new VolumeUnknown("Unknown volume(s): " + String.join(", ", unknown));
        }
        names.sort(null);
        var sources = new ArrayList<ArchiveSpec.Source>();
        names.forEach(name -> sources.add(
                new ArchiveSpec.Source("volumes/" + name, known.get(name).path())));
        includePaths.forEach(path -> sources.add(new ArchiveSpec.Source(pathPrefix(path), Path.of(path))));
        if (sources.isEmpty()) {
            if (dockerProblem.isPresent()) {
                throw new DockerEngineUnreachable("Nothing to back up: " + dockerProblem.get()
                        + ", and there are no folder volumes and no include_paths");
            }
            throw new InvalidBackupRequest("Nothing to back up: there are no volumes and no include_paths");
        }
        var warnings = includeVolumes == null && dockerProblem.isPresent()
                ? List.of(lackingWarning(dockerProblem.get(), lacking))
                : List.<String>of();
        return new Selection(List.copyOf(sources), List.copyOf(names), List.copyOf(includePaths), warnings);
    }

    private static String lackingWarning(String problem, Lacking lacking) {
        if (lacking.names().isEmpty()) {
            return problem + ": the Docker volumes could not be listed, so this backup may lack some;"
                    + " it holds only the folder volumes and include paths";
        }
        return problem + ": this backup lacks the Docker volume(s) " + String.join(", ", lacking.names()) + " ("
                + lacking.source() + "), and any created since";
    }

    /**
     * The Docker volumes as the Engine last listed them since start-up; before its first answer, the volumes of
     * the newest complete backups that are not folder volumes now.
     */
    private Lacking dockerVolumesLastSeen(List<Volume> folderVolumes) {
        var listing = volumes.lastDockerListing();
        if (listing.isPresent()) {
            return new Lacking(
                    new TreeSet<>(listing.get().names()),
                    "as the Engine listed them at " + listing.get().at());
        }
        var folders = new TreeSet<String>();
        folderVolumes.forEach(volume -> folders.add(volume.name()));
        var held = new TreeSet<String>();
        backups.all().stream()
                .filter(backup -> backup.status().isComplete())
                .limit(HISTORY)
                .map(Backup::volumes)
                .forEach(held::addAll);
        held.removeAll(folders);
        // Since start-up the Engine never answered: what recent backups held and is no folder now was a Docker
        // volume, or has been removed since; either way this backup does not hold it.
        return new Lacking(held, "as recent backups held them; one removed since is named too");
    }

    private record Lacking(Set<String> names, String source) {}

    /** {@code /srv/app/data} is stored under {@code paths/srv/app/data}. */
    static String pathPrefix(String absolutePath) {
        var normalized = Path.of(absolutePath)
                .normalize()
                .toString()
                .replaceAll("^/+", "")
                .replaceAll("/+$", "");
        return normalized.isEmpty() ? "paths/root" : "paths/" + normalized;
    }
}
