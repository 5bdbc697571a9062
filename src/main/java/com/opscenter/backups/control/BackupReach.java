package com.opscenter.backups.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What an admin can make the server read and write: a backup location under the backup location roots, include
 * paths under the include path roots, restores under the restore root (all set by the environment, not the API),
 * and none of them overlapping (same folder, inside, or containing) the volumes root, the backup folder or the
 * server's own files. Paths are compared as the file system resolves them, so a symbolic link cannot lead around
 * a rule.
 */
public final class BackupReach {

    private final List<Path> locationRoots;
    private final List<Path> includeRoots;
    private final Path volumesRoot;
    private final List<Path> serverFiles;

    /**
     * @param locationRoots where a backup location may be (the deployment's own BACKUP_LOCATION is always one)
     * @param includeRoots where include paths may be; none means no include path is allowed
     * @param volumesRoot the folder whose subfolders are volumes: backed up as volumes, never as paths
     * @param serverFiles the server's configuration, keystore, database and identity files
     */
    public BackupReach(List<Path> locationRoots, List<Path> includeRoots, Path volumesRoot, List<Path> serverFiles) {
        this.locationRoots = List.copyOf(locationRoots);
        this.includeRoots = List.copyOf(includeRoots);
        this.volumesRoot = volumesRoot;
        this.serverFiles = List.copyOf(serverFiles);
    }

    /** A backup location the API may set. */
    public void requireBackupLocation(Path location) {
        var real = real(location);
        if (locationRoots.stream().map(BackupReach::real).noneMatch(real::startsWith)) {
            throw new InvalidBackupRequest("backup_location " + location + " is outside the folders backups may be"
                    + " written to (BACKUP_LOCATION_ROOTS): " + names(locationRoots));
        }
        refuseOverlap("backup_location", location, real, null);
    }

    /** An include path for a backup whose archives go to {@code backupLocation}. */
    public void requireIncludePath(Path include, Path backupLocation) {
        var real = real(include);
        if (includeRoots.stream().map(BackupReach::real).noneMatch(real::startsWith)) {
            throw new InvalidBackupRequest("include_paths: " + include + " is outside the folders backups may read"
                    + " (INCLUDE_PATH_ROOTS): "
                    + (includeRoots.isEmpty() ? "none are set" : names(includeRoots)));
        }
        refuseOverlap("include_paths: ", include, real, backupLocation);
    }

    /** A folder a restore creates, already inside the restore root. */
    public void requireRestoreDestination(Path destination, Path backupLocation) {
        refuseOverlap("restore_path", destination, real(destination), backupLocation);
    }

    private void refuseOverlap(String field, Path given, Path real, Path backupLocation) {
        var label = field.endsWith(": ") ? field + given : field + " " + given;
        if (overlaps(real, volumesRoot)) {
            throw new InvalidBackupRequest(label + " overlaps the volumes root " + volumesRoot
                    + "; volumes are backed up and restored as volumes");
        }
        if (backupLocation != null && overlaps(real, backupLocation)) {
            throw new InvalidBackupRequest(
                    label + " overlaps the backup folder " + backupLocation + "; backups never hold backups");
        }
        for (var own : serverFiles) {
            if (overlaps(real, own)) {
                throw new InvalidBackupRequest(
                        label + " overlaps " + own + ", one of the server's own files (configuration, keys, database)");
            }
        }
    }

    /** The same folder, one inside the other, or the other inside the one. */
    private static boolean overlaps(Path real, Path other) {
        var realOther = real(other);
        return real.startsWith(realOther) || realOther.startsWith(real);
    }

    /**
     * The path as the file system resolves it: symbolic links in the part that exists are followed, the rest (not
     * created yet) is appended as written. Callers reject '..' before; normalising here is a second guard.
     */
    static Path real(Path path) {
        var absolute = path.toAbsolutePath().normalize();
        var existing = absolute;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            // A dangling link or a folder on the way the server may not look into: refused, never guessed.
            throw new InvalidBackupRequest(path + " cannot be resolved (" + e.getMessage() + ")"
                    + (Files.isSymbolicLink(existing)
                            ? "; it leads through a symbolic link that does not resolve"
                            : ""));
        }
    }

    /** Parses a comma-separated list of absolute folders, as the environment gives them. */
    static List<Path> paths(Optional<String> list) {
        return list.stream()
                .flatMap(value -> Stream.of(value.split(",")))
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .map(Path::of)
                .filter(Path::isAbsolute)
                .map(Path::normalize)
                .toList();
    }

    private static String names(List<Path> paths) {
        return String.join(", ", paths.stream().map(Path::toString).toList());
    }
}
