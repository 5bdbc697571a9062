package com.opscenter.archive.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** File-system steps that must survive a crash or must not follow links. */
public final class DurableFiles {

    private DurableFiles() {}

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
