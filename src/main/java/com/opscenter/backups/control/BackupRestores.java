package com.opscenter.backups.control;

import com.opscenter.archive.ChainLinkMissingException;
import com.opscenter.archive.Restorer;
import com.opscenter.archive.Selection;
import com.opscenter.archive.crypt.ArchiveKeyException;
import com.opscenter.archive.io.DurableFiles;
import com.opscenter.backups.entity.Backup;
import com.opscenter.storage.control.Volume;
import com.opscenter.storage.control.VolumeCatalog;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Restores an archive into a folder under the restore root, or one volume in place. Where it may write is
 * decided before a single byte of the archive is read.
 */
@ApplicationScoped
public class BackupRestores {

    private static final Set<String> SYSTEM_FOLDERS = Set.of(
            "/", "/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/root", "/run", "/sbin", "/sys", "/usr",
            "/var");

    /** The archive engine's threads: container-managed. */
    @Resource
    ManagedThreadFactory threads;

    private BackupArchives archives;
    private BackupUsage usage;
    private BackupSettings settings;
    private VolumeCatalog volumes;
    private Event<BackupRestored> restored;

    /** The containers that mount a volume restored in place; null (unit tests): not asked. */
    private ContainerQuiescing containers;

    /** The container's threads, or plain ones in unit tests. */
    private ThreadFactory engineThreads;

    /** For the container's client proxy only. */
    protected BackupRestores() {}

    @Inject
    public BackupRestores(
            BackupArchives archives,
            BackupUsage usage,
            @ConfigProperties BackupSettings settings,
            VolumeCatalog volumes,
            Event<BackupRestored> restored,
            ContainerQuiescing containers) {
        this(archives, usage, settings, volumes, restored);
        this.containers = containers;
    }

    private BackupRestores(
            BackupArchives archives,
            BackupUsage usage,
            BackupSettings settings,
            VolumeCatalog volumes,
            Event<BackupRestored> restored) {
        this.archives = archives;
        this.usage = usage;
        this.settings = settings;
        this.volumes = volumes;
        this.restored = restored;
    }

    /** Outside the container: engine threads from the caller. */
    BackupRestores(
            BackupArchives archives,
            BackupUsage usage,
            BackupSettings settings,
            VolumeCatalog volumes,
            Event<BackupRestored> restored,
            ThreadFactory engineThreads) {
        this(archives, usage, settings, volumes, restored);
        this.engineThreads = engineThreads;
    }

    @PostConstruct
    void useContainerThreads() {
        engineThreads = threads;
    }

    public record Outcome(Path destination, Restorer.Result result) {}

    /**
     * The backup to restore: the local one while its archive is on disk, otherwise the off-site copy, downloaded
     * and verified into the catalog first.
     */
    public Backup locate(String backupId) {
        return locateWithSource(backupId).backup();
    }

    /** A backup to restore, and the cloud target it was fetched from (null when it was on disk). */
    public record Located(Backup backup, String cloudTarget) {}

    /** As {@link #locate}, saying which cloud target served a backup that was not on disk. */
    public Located locateWithSource(String backupId) {
        return archives.local(backupId)
                .map(l -> new Located(l.backup(), l.fetchedFrom()))
                .orElseGet(() -> new Located(archives.backup(backupId), null));
    }

    public Outcome restore(Backup backup, String restorePath, boolean verifyFirst, String volume) throws IOException {
        return restore(backup, restorePath, verifyFirst, volume, false);
    }

    /**
     * Restores into a folder, or {@code volume} in place. A volume that running containers mount is refused (409,
     * naming them): its folder would be swapped under them and their later writes lost. With
     * {@code stopContainers} they are stopped for the swap (each persisted, so a crash cannot leave it stopped) and
     * started again after it, whether it succeeded or not.
     */
    public Outcome restore(
            Backup backup, String restorePath, boolean verifyFirst, String volume, boolean stopContainers)
            throws IOException {
        return restore(backup, restorePath, verifyFirst, volume, stopContainers, null);
    }

    /**
     * As above; {@code paths}, when not null, restores only those entries of the backup (each with everything
     * under it), as its contents list them, into a folder. Refused with {@code volume}: an in-place restore swaps
     * the whole volume folder, so a part of it would delete the rest. A path the backup does not hold is refused
     * (400) before anything is written.
     */
    public Outcome restore(
            Backup backup,
            String restorePath,
            boolean verifyFirst,
            String volume,
            boolean stopContainers,
            List<String> paths)
            throws IOException {
        var archive = archives.archive(backup);
        if (volume != null && restorePath != null) {
            throw new InvalidBackupRequest("Give either restore_path or volume, not both");
        }
        if (paths != null) {
            Selection.problemWith(paths).ifPresent(problem -> {
                throw new InvalidBackupRequest(problem);
            });
            if (volume != null) {
                throw new InvalidBackupRequest("paths cannot go with volume: a restore in place replaces the whole"
                        + " volume, so restoring part of it would delete the rest. Restore the paths into a folder"
                        + " (restore_path, or the default one) and copy them into the volume from there");
            }
        }
        var volumeDir = volume == null ? null : volumeToReplace(backup, volume);
        var destination = volume == null ? destination(backup, restorePath) : volumeDir;
        var using = volume == null ? List.<DockerContainers.Mounting>of() : using(volume, volumeDir);
        if (!using.isEmpty() && !stopContainers) {
            throw new RestoreConflict("Volume " + volume + " is in use by running container(s) "
                    + ContainerQuiescing.names(using) + ": restoring it in place would swap its folder under them."
                    + " Stop them first, or send \"stop_containers\": true to have them stopped for the restore and"
                    + " started again after it");
        }
        if (volume == null) {
            // Even inside the restore root: never into the volumes, the backup folder or the server's own files.
            settings.reach()
                    .requireRestoreDestination(
                            destination, archive.toAbsolutePath().getParent());
        }
        try (var use = usage.begin(backup.id(), BackupUsage.Use.RESTORING)) {
            var keys = archives.keys();
            // Before verifying or stopping containers: a missing key refuses the restore with nothing touched.
            archives.requireOpens(backup, archive, keys);
            var restorer = new Restorer(engineThreads, keys);
            var selection = paths == null ? null : select(restorer, backup, archive, paths);
            // An increment's unchanged files come from the archives of the backups it depends on: on local disk,
            // or fetched from the cloud now, before anything is written or any container stopped. A selection
            // restored without verifying needs only the backups holding its own files.
            var holdings = archives.holdings(backup);
            try {
                if (selection == null || verifyFirst || selection.needsAllHolders()) {
                    holdings.requireAll();
                } else {
                    holdings.require(selection.holders());
                }
            } catch (ChainLinkMissingException e) {
                throw new BackupChainBroken(
                        "Backup " + backup.id() + " was not restored, nothing was written: " + e.getMessage(), e);
            }
            if (verifyFirst) {
                var verification = archives.verify(backup, archive);
                if (!verification.valid()) {
                    throw new RestoreConflict("Backup " + backup.id() + " failed verification and was not restored: "
                            + String.join(
                                    "; ",
                                    verification.errors().stream().limit(5).toList()));
                }
            }
            Restorer.Result result;
            try {
                if (selection != null) {
                    result = restorer.restoreSelection(archive, selection, destination, holdings);
                } else if (volume == null) {
                    result = restorer.restore(archive, null, destination, holdings);
                } else {
                    try (var stopped = using.isEmpty()
                            ? null
                            : containers.stop(using, "restore of " + backup.id() + " into volume " + volume)) {
                        result = restorer.restoreInPlace(archive, "volumes/" + volume, volumeDir, holdings);
                    }
                }
            } catch (ArchiveKeyException e) {
                throw BackupEncryption.refused(backup.id(), e);
            } catch (ChainLinkMissingException e) {
                throw new BackupChainBroken(
                        "Backup " + backup.id() + " was not restored, nothing was written: " + e.getMessage(), e);
            }
            restored.fire(new BackupRestored(backup.id()));
            return new Outcome(destination, result);
        }
    }

    /** The selection of {@code paths} in the archive; refused (400) when it names a path the backup lacks. */
    private static Selection select(Restorer restorer, Backup backup, Path archive, List<String> paths)
            throws IOException {
        Selection selection;
        try {
            selection = restorer.select(archive, paths);
        } catch (ArchiveKeyException e) {
            throw BackupEncryption.refused(backup.id(), e);
        }
        if (!selection.missing().isEmpty()) {
            var names = selection.missing().stream()
                    .limit(10)
                    .map(p -> "'" + p + "'")
                    .toList();
            throw new InvalidBackupRequest("Backup " + backup.id() + " holds no " + String.join(", ", names)
                    + (selection.missing().size() > names.size()
                            ? " (nor " + (selection.missing().size() - names.size()) + " more of the paths)"
                            : "")
                    + "; name paths as GET /api/v1/backups/" + backup.id() + "/contents lists them."
                    + " Nothing was restored");
        }
        return selection;
    }

    /** The running containers that mount the volume; none known when the Engine cannot be asked (a folder volume). */
    private List<DockerContainers.Mounting> using(String volume, Path folder) {
        if (containers == null) {
            return List.of();
        }
        try {
            return containers.using(volume, folder);
        } catch (DockerEngineUnreachable e) {
            // Only a folder volume is restorable without the Engine; no container of an absent Engine runs.
            return List.of();
        }
    }

    private Path volumeToReplace(Backup backup, String name) {
        if (!backup.volumes().contains(name)) {
            throw new VolumeUnknown("Backup " + backup.id() + " holds no volume named " + name + "; it holds "
                    + String.join(", ", backup.volumes()));
        }
        return volumes.volumes().volumes().stream()
                .filter(v -> v.name().equals(name))
                .map(Volume::path)
                .findFirst()
                .orElseThrow(() -> new VolumeUnknown("Volume " + name + " does not exist here to restore into"));
    }

    /** Null means {@code <restore root>/restore_<backup id>}, numbered when taken, like the spec's default. */
    Path destination(Backup backup, String restorePath) throws IOException {
        var root = settings.restoreRoot();
        // Created private (0700); a root the administrator made keeps the mode they gave it.
        DurableFiles.createPrivateDirectories(root);
        var realRoot = root.toRealPath();
        if (restorePath == null) {
            var candidate = realRoot.resolve("restore_" + backup.id());
            for (int n = 2; Files.exists(candidate, LinkOption.NOFOLLOW_LINKS); n++) {
                candidate = realRoot.resolve("restore_" + backup.id() + "-" + n);
            }
            return candidate;
        }
        return allowedDestination(restorePath, realRoot);
    }

    static Path allowedDestination(String restorePath, Path realRoot) throws IOException {
        if (restorePath.isBlank() || restorePath.indexOf('\0') >= 0) {
            throw new InvalidBackupRequest("restore_path must be a path");
        }
        var raw = Path.of(restorePath);
        if (List.of(restorePath.split("/")).contains("..")) {
            throw new InvalidBackupRequest("restore_path must not contain '..'");
        }
        var requested = (raw.isAbsolute() ? raw : realRoot.resolve(raw)).normalize();
        if (SYSTEM_FOLDERS.contains(requested.toString())) {
            throw new InvalidBackupRequest("restore_path " + requested + " is a system folder");
        }
        // Resolve symlinks in what exists of the path, so a link inside the root cannot lead outside it.
        var existing = requested;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        var resolved = existing == null ? requested : existing.toRealPath().resolve(existing.relativize(requested));
        if (!resolved.startsWith(realRoot) || resolved.equals(realRoot)) {
            throw new InvalidBackupRequest("restore_path must lie inside the restore root " + realRoot);
        }
        if (Files.isSymbolicLink(requested)) {
            throw new InvalidBackupRequest("restore_path must not be a symbolic link");
        }
        if (Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
            try (var entries = Files.list(resolved)) {
                if (entries.findAny().isPresent()) {
                    throw new RestoreConflict("restore_path " + resolved + " exists and is not empty");
                }
            }
        }
        return resolved;
    }
}
