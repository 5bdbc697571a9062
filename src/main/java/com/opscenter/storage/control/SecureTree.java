package com.opscenter.storage.control;

import com.opscenter.archive.io.DirectoryHandles;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Walks a tree through open directory handles, never by path: each folder is opened relative to the handle of
 * its parent without following a link ({@code openat} with {@code O_NOFOLLOW}), and entered only when the folder
 * opened is the one the walk looked at (same device and inode). Whoever writes into the tree (a container) can
 * swap a folder for a symbolic link at any moment; the walk and everything done through {@link Entry#parent()}
 * (delete, open, rename) then still stays inside the tree. Paths in entries are for messages only. The handles
 * are opened by {@link DirectoryHandles}, as the archive engine's are.
 */
final class SecureTree {

    private SecureTree() {}

    /** One name in an open folder, with the attributes of that name itself (a link is a link). */
    record Entry(SecureDirectoryStream<Path> parent, Path name, Path path, PosixFileAttributes attributes) {

        /** Attributes of the name now, still without following it. */
        PosixFileAttributes reread() throws IOException {
            return attributesOf(parent, name);
        }

        /** Whether the name still stands for the same file, unchanged in size and modification time. */
        boolean unchanged() throws IOException {
            var now = reread();
            return now.fileKey().equals(attributes.fileKey())
                    && now.size() == attributes.size()
                    && now.lastModifiedTime().equals(attributes.lastModifiedTime());
        }
    }

    interface Visitor {
        /** Called for every entry; for a folder, answers whether to walk into it. */
        boolean visit(Entry entry) throws IOException;

        /** Called after the walk of a folder's contents, with its own handle closed and its parent's open. */
        default void leave(Entry folder) throws IOException {}

        /** Something could not be read or done; the walk goes on with the next entry. */
        void failed(Path path, IOException e);
    }

    /** Walks the folder's contents; a root that is a link, or not a folder, is a failure of the root. */
    static void walk(Path root, Visitor visitor) {
        try (var dir = openRoot(root)) {
            walkInside(dir, root, visitor);
        } catch (IOException e) {
            visitor.failed(root, e);
        }
    }

    static SecureDirectoryStream<Path> openRoot(Path root) throws IOException {
        return DirectoryHandles.openRoot(root);
    }

    private static void walkInside(SecureDirectoryStream<Path> dir, Path path, Visitor visitor) {
        try {
            for (var child : dir) {
                var name = child.getFileName();
                var entryPath = path.resolve(name);
                Entry entry;
                boolean enter;
                try {
                    entry = new Entry(dir, name, entryPath, attributesOf(dir, name));
                    enter = visitor.visit(entry);
                } catch (IOException e) {
                    visitor.failed(entryPath, e);
                    continue;
                }
                if (enter && entry.attributes().isDirectory()) {
                    try (var sub = DirectoryHandles.openChild(
                            dir, name, entry.attributes().fileKey())) {
                        walkInside(sub, entryPath, visitor);
                    } catch (IOException e) {
                        visitor.failed(entryPath, e);
                        continue;
                    }
                    try {
                        visitor.leave(entry);
                    } catch (IOException e) {
                        visitor.failed(entryPath, e);
                    }
                }
            }
        } catch (DirectoryIteratorException e) {
            visitor.failed(path, e.getCause());
        }
    }

    static PosixFileAttributes attributesOf(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        return DirectoryHandles.attributesOf(dir, name);
    }
}
