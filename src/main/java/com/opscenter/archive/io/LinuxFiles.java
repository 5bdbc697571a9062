package com.opscenter.archive.io;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * The libc calls a restore makes per file, on file descriptors: create a file relative to its folder's handle,
 * write it, then set owner, mode and times on the still open descriptor. The JDK sets metadata only by path, and
 * pays an {@code open}, a {@code close} and for the times an {@code lstat} more per call, each resolving the whole
 * path again: about 75,000 extra calls for the 12,749 files of the public corpus. Through JNA's direct mapping
 * (the JNA that docker-java's transport also uses). 64-bit Linux on x86-64 or AArch64 only, where the flags
 * below hold; elsewhere, or when JNA's native part cannot load, {@link #available()} is false and callers use the
 * JDK.
 */
public final class LinuxFiles {

    private static final int AT_FDCWD = -100;
    private static final int O_WRONLY = 01;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_CLOEXEC = 02000000;
    private static final int O_PATH = 010000000;
    private static final boolean ARM = "aarch64".equals(System.getProperty("os.arch"));
    private static final int O_DIRECTORY = ARM ? 040000 : 0200000;
    private static final int O_NOFOLLOW = ARM ? 0100000 : 0400000;

    private static final int EINTR = 4;
    private static final int ENOENT = 2;
    private static final int EEXIST = 17;
    private static final int ENOTDIR = 20;
    private static final int ELOOP = 40;

    /** The JDK's words for the same refusal. */
    private static final String SYMLINK_REFUSED =
            "Too many levels of symbolic links or unable to access attributes of symbolic link";

    private static final boolean AVAILABLE = probe();

    /** Names are encoded as the JDK encodes paths, so both ways create the same bytes on disk. */
    private static final Charset PATH_CHARSET = pathCharset();

    private LinuxFiles() {}

    /** Whether the calls below work here. */
    public static boolean available() {
        return AVAILABLE;
    }

    /** A handle on the folder at {@code path}, refused when it is a symlink or not a folder. */
    public static int openFolder(String path) throws IOException {
        return openFolderAt(AT_FDCWD, path);
    }

    /** A handle on the folder {@code name} in {@code dirFd}, never through a symlink. */
    public static int openFolderAt(int dirFd, String name) throws IOException {
        return openat(dirFd, name, O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
    }

    /** Whether {@code name} in {@code dirFd} is a folder itself (not a link to one); false when missing. */
    public static boolean isFolderAt(int dirFd, String name) throws IOException {
        int fd;
        try {
            fd = openat(dirFd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return false;
        }
        close(fd);
        return true;
    }

    /**
     * A new file {@code name} in {@code dirFd}, open for writing; refused when anything (a link included) is there.
     * Created owner-only: the caller sets the archived mode on the descriptor, whatever the umask.
     */
    public static int createFileAt(int dirFd, String name) throws IOException {
        return openat(dirFd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    }

    /**
     * Native memory that a write copies from (the JDK copies a heap array into a direct buffer the same way). One per
     * restore, freed when it closes.
     */
    public static final class Buffer implements AutoCloseable {
        private final Memory memory;

        public Buffer(int size) {
            this.memory = new Memory(size);
        }

        /** Writes {@code from[0, length)} to {@code fd}, all of it. */
        public void write(int fd, byte[] from, int length) throws IOException {
            int chunk = (int) Math.min(memory.size(), Integer.MAX_VALUE);
            for (int offset = 0; offset < length; offset += chunk) {
                int n = Math.min(chunk, length - offset);
                memory.write(0, from, offset, n);
                writeFully(fd, n);
            }
        }

        private void writeFully(int fd, int length) throws IOException {
            long done = 0;
            while (done < length) {
                try {
                    done += Libc.write(fd, done == 0 ? memory : memory.share(done), length - done);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != EINTR) {
                        throw failure(e, null);
                    }
                }
            }
        }

        @Override
        public void close() {
            memory.close();
        }
    }

    public static void setOwner(int fd, int uid, int gid) throws IOException {
        try {
            Libc.fchown(fd, uid, gid);
        } catch (LastErrorException e) {
            throw failure(e, null);
        }
    }

    public static void setMode(int fd, int mode) throws IOException {
        try {
            Libc.fchmod(fd, mode);
        } catch (LastErrorException e) {
            throw failure(e, null);
        }
    }

    /** Access and modification time, to the nanosecond. */
    public static void setTimes(int fd, FileTime accessTime, FileTime modificationTime) throws IOException {
        long access = accessTime.to(TimeUnit.NANOSECONDS);
        long modified = modificationTime.to(TimeUnit.NANOSECONDS);
        long[] timespecs = {
            Math.floorDiv(access, 1_000_000_000L), Math.floorMod(access, 1_000_000_000L),
            Math.floorDiv(modified, 1_000_000_000L), Math.floorMod(modified, 1_000_000_000L)
        };
        try {
            Libc.futimens(fd, timespecs);
        } catch (LastErrorException e) {
            throw failure(e, null);
        }
    }

    /** Data flushed by the file system's own writeback is not affected; a failed close loses nothing here. */
    public static void close(int fd) throws IOException {
        try {
            Libc.close(fd);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != EINTR) { // Linux has closed the descriptor even then
                throw failure(e, null);
            }
        }
    }

    private static int openat(int dirFd, String name, int flags, int mode) throws IOException {
        byte[] bytes = encode(name);
        while (true) {
            try {
                return Libc.openat(dirFd, bytes, flags, mode);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw failure(e, name);
                }
            }
        }
    }

    /** The JDK's exception for the error, so callers handle both ways alike. */
    private static IOException failure(LastErrorException e, String name) {
        int errno = e.getErrorCode();
        return switch (errno) {
            case ENOENT -> new NoSuchFileException(name);
            case EEXIST -> new FileAlreadyExistsException(name);
            case ENOTDIR -> new NotDirectoryException(name);
            case ELOOP -> new FileSystemException(name, null, SYMLINK_REFUSED);
            default ->
                name == null ? new IOException(strerror(errno)) : new FileSystemException(name, null, strerror(errno));
        };
    }

    private static String strerror(int errno) {
        try {
            return Libc.strerror(errno);
        } catch (RuntimeException e) {
            return "error " + errno;
        }
    }

    private static byte[] encode(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new InvalidPathException(name, "Nul character not allowed");
        }
        try {
            var encoded = PATH_CHARSET
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(name));
            byte[] bytes = new byte[encoded.remaining() + 1]; // NUL-terminated
            encoded.get(bytes, 0, bytes.length - 1);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new InvalidPathException(name, "Malformed input or input contains unmappable characters");
        }
    }

    private static Charset pathCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static boolean probe() {
        try {
            // Native's class initialisation loads JNA's native part: inside the try, so a failure only says no.
            if (!Platform.isLinux() || Native.LONG_SIZE != 8 || !(Platform.isIntel() || ARM)) {
                return false;
            }
            Libc.getpid();
            return true;
        } catch (LinkageError | RuntimeException e) {
            return false; // no writable temporary folder to unpack it to, another platform, ...
        }
    }

    /** The direct mapping; loaded on first use, so a failure to load stays inside {@link #probe()}. */
    private static final class Libc {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        // openat(2) is variadic in C; on 64-bit Linux an int mode is passed the same either way.
        static native int openat(int dirFd, byte[] path, int flags, int mode) throws LastErrorException;

        static native long write(int fd, Pointer buffer, long count) throws LastErrorException;

        static native int fchown(int fd, int uid, int gid) throws LastErrorException;

        static native int fchmod(int fd, int mode) throws LastErrorException;

        static native int futimens(int fd, long[] times) throws LastErrorException;

        static native int close(int fd) throws LastErrorException;

        static native int getpid();

        static native String strerror(int errno);
    }
}
