package com.opscenter.backups.control;

import com.opscenter.archive.ArchiveSpec;
import com.opscenter.storage.control.Volume;
import com.opscenter.storage.control.VolumeCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a create request into the trees to archive: the named volumes (or every volume), plus the configured
 * include paths, each under its own prefix so that volumes stay apart inside the archive.
 */
@ApplicationScoped
public class BackupSources {

    @Inject
    VolumeCatalog volumes;

    public record Selection(List<ArchiveSpec.Source> sources, List<String> volumeNames, List<String> paths) {}

    public Selection select(List<String> includeVolumes, List<String> includePaths) {
        var known = volumes.volumes().volumes().stream()
                .collect(Collectors.toMap(Volume::name, Function.identity(), (a, b) -> a));
        var names = includeVolumes == null
                ? new ArrayList<>(known.keySet())
                : new ArrayList<>(new LinkedHashSet<>(includeVolumes));
        var unknown = names.stream().filter(name -> !known.containsKey(name)).toList();
        if (!unknown.isEmpty()) {
            throw new VolumeUnknown("Unknown volume(s): " + String.join(", ", unknown));
        }
        names.sort(null);
        var sources = new ArrayList<ArchiveSpec.Source>();
        names.forEach(name -> sources.add(
                new ArchiveSpec.Source("volumes/" + name, known.get(name).path())));
        includePaths.forEach(path -> sources.add(new ArchiveSpec.Source(pathPrefix(path), Path.of(path))));
        if (sources.isEmpty()) {
            throw new InvalidBackupRequest("Nothing to back up: there are no volumes and no include_paths");
        }
        return new Selection(List.copyOf(sources), List.copyOf(names), List.copyOf(includePaths));
    }

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
