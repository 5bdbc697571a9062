package com.opscenter.archive.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixStatTest {

    private static final String BY_PATH = "unix:mode,ino,dev,nlink,uid,gid,size,lastModifiedTime,ctime,fileKey";

    @TempDir
    Path dir;

    /** Surefire opens the package as liberty/jvm.options does; without it walks read by path, one stat dearer. */
    @Test
    void theFieldsReadThroughAFolderHandleAreWhatAReadByPathAnswers() throws IOException, InterruptedException {
        Path file = Files.write(dir.resolve("file"), new byte[1234]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
        // Bits only the unix view shows: set-user-ID and sticky.
        assertThat(new ProcessBuilder("chmod", "u+s,+t", file.toString())
                        .start()
                        .waitFor())
                .isZero();
        Files.createLink(dir.resolve("hardlink"), file);
        Files.createDirectory(dir.resolve("folder"));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("file"));
        Files.createFile(dir.resolve("empty"));

        assertThat(UnixStat.available()).isTrue();
        try (SecureDirectoryStream<Path> handle = DirectoryHandles.openRoot(dir)) {
            for (String name : List.of("file", "hardlink", "folder", "link", "empty")) {
                var seen = DirectoryHandles.attributesOf(handle, Path.of(name));
                assertThat(UnixStat.of(seen))
                        .as(name)
                        .isEqualTo(Files.readAttributes(dir.resolve(name), BY_PATH, LinkOption.NOFOLLOW_LINKS));
            }
            assertThat(UnixStat.linkCount(DirectoryHandles.attributesOf(handle, Path.of("file"))))
                    .isEqualTo(2);
        }
    }

    @Test
    void attributesOfAnotherKindAreNotRead() throws IOException {
        var basic = Files.readAttributes(Files.write(dir.resolve("f"), new byte[1]), BasicFileAttributes.class);
        assertThat(UnixStat.of(new ForeignAttributes(basic))).isNull();
        assertThat(UnixStat.linkCount(new ForeignAttributes(basic))).isEqualTo(-1);
    }

    /** Attributes of a file system other than the JDK's Unix one (a ZIP file system's, say). */
    private record ForeignAttributes(BasicFileAttributes d) implements BasicFileAttributes {
        public FileTime lastModifiedTime() {
            return d.lastModifiedTime();
        }

        public FileTime lastAccessTime() {
            return d.lastAccessTime();
        }

        public FileTime creationTime() {
            return d.creationTime();
        }

        public boolean isRegularFile() {
            return d.isRegularFile();
        }

        public boolean isDirectory() {
            return d.isDirectory();
        }

        public boolean isSymbolicLink() {
            return d.isSymbolicLink();
        }

        public boolean isOther() {
            return d.isOther();
        }

        public long size() {
            return d.size();
        }

        public Object fileKey() {
            return d.fileKey();
        }
    }
}
