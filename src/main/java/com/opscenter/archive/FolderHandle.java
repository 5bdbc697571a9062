package com.opscenter.archive;

import com.opscenter.archive.io.LinuxFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.Set;

/**
 * An open folder of a restore's tree: folders are opened and files created relative to it, never through a link,
 * so a folder swapped for a link while we work is refused rather than followed. Two ways: file descriptors through
 * libc ({@link LinuxFiles}, one call per step) where it loads, the JDK's {@link SecureDirectoryStream} elsewhere.
 */
interface FolderHandle extends Closeable {

    /**
     * The folder {@code name} in this one. {@link NoSuchFileException} when missing; another
     * {@link java.nio.file.FileSystemException} when it is a link or not a folder.
     */
    FolderHandle openFolder(String name) throws IOException;

    /** Whether {@code name} here is a folder itself, not a link to one; false when missing. */
    boolean hasFolder(String name) throws IOException;

    /** A new empty file; {@link java.nio.file.FileAlreadyExistsException} when anything is there, a link too. */
    NewFile createFile(String name) throws IOException;

    /**
     * The handle of {@code root}, through libc when {@code writeBuffer} is given and libc calls work here; the
     * caller keeps the buffer until it has closed every handle opened from this one.
     */
    static FolderHandle open(Path root, LinuxFiles.Buffer writeBuffer) throws IOException {
        Libc throughLibc = openThroughLibc(root, writeBuffer);
        if (throughLibc != null) {
            return throughLibc;
        }
        DirectoryStream<Path> handle = Files.newDirectoryStream(root);
        if (!(handle instanceof SecureDirectoryStream<Path> secure)) {
            handle.close();
            throw new IOException("this platform cannot open folders by handle; restores need it");
        }
        return new Jdk(secure, root);
    }

    /**
     * The handle of {@code folder} through libc, opened without following a link, which also sets the folder's own
     * metadata; null where libc calls are not used (no {@code writeBuffer}) or do not load.
     */
    static Libc openThroughLibc(Path folder, LinuxFiles.Buffer writeBuffer) throws IOException {
        return writeBuffer != null && LinuxFiles.available()
                ? new Libc(LinuxFiles.openFolder(folder.toAbsolutePath().toString()), writeBuffer)
                : null;
    }

    /** What a restored entry's metadata is set on. */
    interface Metadata {
        void setOwner(int uid, int gid) throws IOException;

        void setMode(int mode) throws IOException;

        void setTimes(FileTime modified, FileTime accessed) throws IOException;
    }

    /** A file being restored: its content, then its metadata, set while it is still open. */
    interface NewFile extends Metadata, Closeable {
        /** Writes {@code buffer[0, length)}. */
        void write(byte[] buffer, int length) throws IOException;
    }

    /**
     * Metadata set by path, not following a link at its end: for what is not created through a handle, inside
     * the restore's private staging folder, which only we write.
     */
    record ByPath(Path path) implements Metadata {
        @Override
        public void setOwner(int uid, int gid) throws IOException {
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        public void setMode(int mode) throws IOException {
            Files.setAttribute(path, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        public void setTimes(FileTime modified, FileTime accessed) throws IOException {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(modified, accessed, null);
        }
    }

    /**
     * An open descriptor, its metadata set with one call each; with the native buffer that writes of files made
     * from it copy through.
     */
    abstract class Descriptor implements Metadata, Closeable {
        final int fd;
        final LinuxFiles.Buffer buffer;

        Descriptor(int fd, LinuxFiles.Buffer buffer) {
            this.fd = fd;
            this.buffer = buffer;
        }

        @Override
        public void setOwner(int uid, int gid) throws IOException {
            LinuxFiles.setOwner(fd, uid, gid);
        }

        @Override
        public void setMode(int mode) throws IOException {
            LinuxFiles.setMode(fd, mode);
        }

        @Override
        public void setTimes(FileTime modified, FileTime accessed) throws IOException {
            LinuxFiles.setTimes(fd, accessed, modified);
        }

        @Override
        public void close() throws IOException {
            LinuxFiles.close(fd);
        }
    }

    /** Through libc: each step one call on a descriptor. */
    final class Libc extends Descriptor implements FolderHandle {
        private Libc(int fd, LinuxFiles.Buffer buffer) {
            super(fd, buffer);
        }

        @Override
        public FolderHandle openFolder(String name) throws IOException {
            return new Libc(LinuxFiles.openFolderAt(fd, name), buffer);
        }

        @Override
        public boolean hasFolder(String name) throws IOException {
            return LinuxFiles.isFolderAt(fd, name);
        }

        @Override
        public NewFile createFile(String name) throws IOException {
            return new LibcFile(LinuxFiles.createFileAt(fd, name), buffer);
        }
    }

    /** A file created through libc. */
    final class LibcFile extends Descriptor implements NewFile {
        private LibcFile(int fd, LinuxFiles.Buffer buffer) {
            super(fd, buffer);
        }

        @Override
        public void write(byte[] from, int length) throws IOException {
            buffer.write(fd, from, length);
        }
    }

    /** Through the JDK, which opens folders by handle but sets metadata only by path. */
    final class Jdk implements FolderHandle {
        private static final Set<OpenOption> CREATE_FILE =
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

        private final SecureDirectoryStream<Path> handle;
        private final Path path;

        private Jdk(SecureDirectoryStream<Path> handle, Path path) {
            this.handle = handle;
            this.path = path;
        }

        @Override
        public FolderHandle openFolder(String name) throws IOException {
            // O_NOFOLLOW: a link here fails to open instead of being followed; a non-folder fails as well.
            return new Jdk(handle.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS), path.resolve(name));
        }

        @Override
        public boolean hasFolder(String name) throws IOException {
            try {
                return handle.getFileAttributeView(
                                Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes()
                        .isDirectory();
            } catch (NoSuchFileException e) {
                return false;
            }
        }

        @Override
        public NewFile createFile(String name) throws IOException {
            return new JdkFile(handle.newByteChannel(Path.of(name), CREATE_FILE), path.resolve(name));
        }

        @Override
        public void close() throws IOException {
            handle.close();
        }
    }

    /** A file created through the JDK, which sets metadata only by path ({@link ByPath}). */
    final class JdkFile implements NewFile {
        private final SeekableByteChannel channel;
        private final ByPath metadata;

        private JdkFile(SeekableByteChannel channel, Path path) {
            this.channel = channel;
            this.metadata = new ByPath(path);
        }

        @Override
        public void write(byte[] buffer, int length) throws IOException {
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, length);
            while (chunk.hasRemaining()) {
                channel.write(chunk);
            }
        }

        @Override
        public void setOwner(int uid, int gid) throws IOException {
            metadata.setOwner(uid, gid);
        }

        @Override
        public void setMode(int mode) throws IOException {
            metadata.setMode(mode);
        }

        @Override
        public void setTimes(FileTime modified, FileTime accessed) throws IOException {
            metadata.setTimes(modified, accessed);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
