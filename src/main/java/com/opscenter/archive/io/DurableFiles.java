package com.opscenter.archive.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.Set;

/** File-system steps that must survive a crash or must not follow links. */
public final class DurableFiles {

    private DurableFiles() {}

    /** Archives, sidecars and staging files: the owner's only (0600; the umask can only narrow it). */
    public static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

    /** Folders this server creates for backups, downloads and restores (0700). */
    public static final Set<PosixFilePermission> PRIVATE_FOLDER = PosixFilePermissions.fromString("rwx------");

    /**
     * Opens a new file for writing that is private from its creation: the mode is given to the create call, so
     * there is no moment in which the file is readable by others. Fails when the file exists.
     */
    public static FileChannel createPrivate(Path file) throws IOException {
        var options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return isPosix(file)
                ? FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(PRIVATE_FILE))
                : FileChannel.open(file, options);
    }

    /**
     * Creates the missing folders of {@code dir} as 0700 at creation. Folders that exist keep their mode: one an
     * administrator made is theirs to set.
     */
    public static Path createPrivateDirectories(Path dir) throws IOException {
        var missing = new ArrayDeque<Path>();
        for (var d = dir.toAbsolutePath().normalize(); d != null && !Files.exists(d); d = d.getParent()) {
            missing.push(d);
        }
        while (!missing.isEmpty()) {
            var d = missing.pop();
            try {
                Files.createDirectory(d, privateFolder(d));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (!Files.isDirectory(d)) {
                    throw e;
                }
            }
        }
        return dir;
    }

    private static FileAttribute<?>[] privateFolder(Path dir) {
        return isPosix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE_FOLDER)}
                : new FileAttribute<?>[0];
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    public static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Renames within one folder atomically, then syncs the folder so the rename itself is durable. */
    public static void moveAtomically(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(to.toAbsolutePath().getParent());
    }

    public static void fsyncDirectory(Path dir) {
        // Linux allows fsync on a directory opened read-only; other systems may refuse, which costs durability only.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** Deletes a tree through folder handles, never following a link (see {@link DirectoryHandles#deleteTree}). */
    public static void deleteRecursively(Path root) throws IOException {
        DirectoryHandles.deleteTree(root);
    }
}
