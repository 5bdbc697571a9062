package com.opscenter.archive.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Folders opened as handles, never walked by path: a child is opened relative to its parent's handle without
 * following a link ({@code openat} with {@code O_NOFOLLOW}) and used only when the folder opened is the one looked
 * at before (same device and inode). Whoever writes into a tree (a container) may swap a folder for a symbolic
 * link at any moment; what is done through these handles still stays inside the tree. Shared by the archive
 * engine (backup walk, removal of trees) and the storage feature's walks.
 */
public final class DirectoryHandles {

    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final int DELETE_ATTEMPTS = 5;
    /** Longest wait for a file system flush before flushing file by file instead (a hung mount hangs both). */
    private static final long SYNC_TIMEOUT_MINUTES = 10;

    /** The name no longer stands for what was looked at: it was replaced (by a link, usually) meanwhile. */
    public static final class ReplacedException extends FileSystemException {
        private static final long serialVersionUID = 1L;

        public ReplacedException(String name, String what) {
            super(name, null, "replaced while being " + what);
        }
    }

    private DirectoryHandles() {}

    /** Opens a folder by path; a link, a non-folder or a folder swapped while opening is refused. */
    public static SecureDirectoryStream<Path> openRoot(Path root) throws IOException {
        var seen = Files.readAttributes(root, PosixFileAttributes.class, NO_FOLLOW);
        if (!seen.isDirectory()) {
            throw new NotDirectoryException(root.toString());
        }
        return openRoot(root, seen.fileKey());
    }

    /** Opens a folder by path and checks it is the one whose key was read before. */
    public static SecureDirectoryStream<Path> openRoot(Path root, Object expectedKey) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(root);
        if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
            stream.close();
            throw new FileSystemException(
                    root.toString(), null, "this platform has no directory handles to work safely; left alone");
        }
        return checked(secure, root.toString(), expectedKey);
    }

    /** Opens {@code name} in {@code parent} without following a link, if it is still the folder with that key. */
    public static SecureDirectoryStream<Path> openChild(
            SecureDirectoryStream<Path> parent, Path name, Object expectedKey) throws IOException {
        return checked(parent.newDirectoryStream(name, NO_FOLLOW), name.toString(), expectedKey);
    }

    /** The file key (device and inode) of an open folder. */
    public static Object keyOf(SecureDirectoryStream<Path> dir) throws IOException {
        return dir.getFileAttributeView(BasicFileAttributeView.class)
                .readAttributes()
                .fileKey();
    }

    /** Attributes of the name itself (a link is a link), looked up in the open folder. */
    public static PosixFileAttributes attributesOf(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        return dir.getFileAttributeView(name, PosixFileAttributeView.class, NO_FOLLOW)
                .readAttributes();
    }

    /** Opens a regular file of the folder for reading, never through a link, if it still has the key. */
    public static SeekableByteChannel openFile(SecureDirectoryStream<Path> dir, Path name, Object expectedKey)
            throws IOException {
        var channel = dir.newByteChannel(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        try {
            // O_NOFOLLOW in a checked folder already keeps us inside the tree; this makes sure the file opened
            // is also the one whose attributes were archived (no fstat in Java: the name is looked at again).
            var now = attributesOf(dir, name);
            if (!now.isRegularFile() || !now.fileKey().equals(expectedKey)) {
                throw new ReplacedException(name.toString(), "read");
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static SecureDirectoryStream<Path> checked(
            SecureDirectoryStream<Path> opened, String name, Object expectedKey) throws IOException {
        try {
            if (!keyOf(opened).equals(expectedKey)) {
                throw new ReplacedException(name, "walked; not entered");
            }
            return opened;
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /**
     * Removes {@code root} and everything beneath it through handles: a link anywhere, the root included, is
     * removed as a link and never followed. Folders are made writable first, so restored 0555 folders go too.
     * Does nothing if the root does not exist.
     */
    public static void deleteTree(Path root) throws IOException {
        var abs = root.toAbsolutePath();
        if (!Files.exists(abs, NO_FOLLOW)) {
            return;
        }
        try (var parent = openRoot(abs.getParent())) {
            deleteEntry(parent, abs.getFileName(), abs);
        }
    }

    private static void deleteEntry(SecureDirectoryStream<Path> parent, Path name, Path where) throws IOException {
        for (int attempt = 1; ; attempt++) {
            PosixFileAttributes attrs;
            try {
                attrs = attributesOf(parent, name);
            } catch (NoSuchFileException e) {
                return;
            }
            try {
                if (attrs.isDirectory()) {
                    makeWritable(parent, name, attrs);
                    try (var dir = openChild(parent, name, attrs.fileKey())) {
                        deleteContents(dir, where);
                    }
                    parent.deleteDirectory(name);
                } else {
                    parent.deleteFile(name);
                }
                return;
            } catch (NoSuchFileException e) {
                return;
            } catch (ReplacedException | DirectoryNotEmptyException | NotDirectoryException e) {
                // Something wrote into the tree meanwhile: look at the name again.
                if (attempt >= DELETE_ATTEMPTS) {
                    throw e;
                }
            } catch (FileSystemException e) {
                // unlinkat refuses a folder (EISDIR) or rmdir a non-folder: it was swapped; look again.
                if (attempt >= DELETE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static void deleteContents(SecureDirectoryStream<Path> dir, Path where) throws IOException {
        for (var name : namesIn(dir)) {
            deleteEntry(dir, name, where.resolve(name));
        }
    }

    /** The names first, then the work: deleting or opening while iterating would disturb the iteration. */
    private static List<Path> namesIn(SecureDirectoryStream<Path> dir) throws IOException {
        List<Path> names = new ArrayList<>();
        try {
            for (var child : dir) {
                names.add(child.getFileName());
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        return names;
    }

    private static void makeWritable(SecureDirectoryStream<Path> parent, Path name, PosixFileAttributes attrs) {
        var perms = EnumSet.noneOf(PosixFilePermission.class);
        perms.addAll(attrs.permissions());
        if (perms.addAll(EnumSet.of(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE))) {
            try {
                // fchmod on the folder opened with O_NOFOLLOW: never the target of a link.
                parent.getFileAttributeView(name, PosixFileAttributeView.class, NO_FOLLOW)
                        .setPermissions(perms);
            } catch (IOException | RuntimeException ignored) {
                // as root the folder opens anyway; otherwise opening it reports the failure
            }
        }
    }

    /**
     * Flushes every regular file and folder of the tree to disk, through handles, and the root's parent folder,
     * so a rename of the root that follows is only done once its contents are durable.
     */
    public static void syncTree(Path root) throws IOException {
        var abs = root.toAbsolutePath();
        if (!syncFileSystem(abs)) {
            try (var dir = openRoot(abs)) {
                syncContents(dir);
                force(dir, null);
            }
        }
        DurableFiles.fsyncDirectory(abs.getParent());
    }

    /**
     * syncfs(2) of the file system that holds the folder, through coreutils' {@code sync -f} (Java has no call
     * for it): one flush instead of an fsync per file, which took 4.9 s for the 14,505 entries of the public
     * corpus where syncfs took 0.6 s. It flushes whatever else is pending on that file system too, which only
     * costs time. False when it cannot be run or fails; the caller then flushes file by file.
     */
    static boolean syncFileSystem(Path folder) throws IOException {
        Process process;
        try {
            process = startSyncFileSystem(folder);
        } catch (IOException e) {
            return false;
        }
        try {
            if (!process.waitFor(SYNC_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while flushing " + folder);
        }
    }

    /** Starts {@code sync -f} of the file system holding {@code folder}, without waiting for it. */
    static Process startSyncFileSystem(Path folder) throws IOException {
        return new ProcessBuilder("sync", "-f", "--", folder.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void syncContents(SecureDirectoryStream<Path> dir) throws IOException {
        for (var name : namesIn(dir)) {
            var attrs = attributesOf(dir, name);
            if (attrs.isDirectory()) {
                try (var sub = openChild(dir, name, attrs.fileKey())) {
                    syncContents(sub);
                    force(sub, null);
                }
            } else if (attrs.isRegularFile()) {
                force(dir, name);
            }
            // links and FIFOs live in their folder's entries, flushed with the folder
        }
    }

    /** fsync of a file of the folder, or with a null name of the folder itself (Linux fsyncs a read-only fd). */
    private static void force(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        var target = name == null ? Path.of(".") : name;
        try (var channel = dir.newByteChannel(target, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            if (channel instanceof FileChannel file) {
                file.force(true);
            }
        } catch (AccessDeniedException e) {
            // only a non-root restore of an unreadable file: it costs that file's durability, nothing else
        }
    }
}
