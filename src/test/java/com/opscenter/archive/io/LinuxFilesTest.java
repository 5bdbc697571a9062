package com.opscenter.archive.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The libc calls a restore writes files with, on this Linux machine (CI runs as root). */
class LinuxFilesTest {

    @TempDir
    Path tmp;

    private int folder;

    @BeforeEach
    void openFolder() throws IOException {
        assertThat(LinuxFiles.available()).as("libc calls load on CI's Linux").isTrue();
        folder = LinuxFiles.openFolder(tmp.toString());
    }

    @AfterEach
    void closeFolder() throws IOException {
        LinuxFiles.close(folder);
    }

    @Test
    void aFileIsWrittenAndGetsItsModeOwnerAndNanosecondTimesOnTheOpenDescriptor() throws IOException {
        byte[] content = "hello, descriptor\n".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        FileTime modified = FileTime.from(Instant.ofEpochSecond(1_700_000_000L, 123_456_789));
        FileTime accessed = FileTime.from(Instant.ofEpochSecond(-1_234_567_890L, 500_000_001));
        int fd = LinuxFiles.createFileAt(folder, "ünïcödé ✓");
        // A buffer smaller than the content: the write goes out in several pieces, all of them.
        try (var buffer = new LinuxFiles.Buffer(64 << 10)) {
            buffer.write(fd, content, content.length);
            LinuxFiles.setOwner(fd, 1234, 5678);
            // Set-id bits and bits a umask would take away, set on the descriptor after the owner.
            LinuxFiles.setMode(fd, 06757);
            LinuxFiles.setTimes(fd, accessed, modified);
        } finally {
            LinuxFiles.close(fd);
        }

        Path file = tmp.resolve("ünïcödé ✓");
        // Read before the content: reading it sets the access time (relatime, as it is older than the mtime).
        var attributes = Files.readAttributes(file, "unix:mode,uid,gid,lastModifiedTime,lastAccessTime");
        assertThat((Integer) attributes.get("mode") & 07777).isEqualTo(06757);
        assertThat(attributes.get("uid")).isEqualTo(1234);
        assertThat(attributes.get("gid")).isEqualTo(5678);
        assertThat(attributes.get("lastModifiedTime")).isEqualTo(modified);
        assertThat(attributes.get("lastAccessTime")).isEqualTo(accessed);
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void aPartOfTheArrayIsWrittenOnlyUpToTheLengthGiven() throws IOException {
        byte[] content = new byte[1000];
        Arrays.fill(content, (byte) 'x');
        int fd = LinuxFiles.createFileAt(folder, "part");
        try (var buffer = new LinuxFiles.Buffer(1 << 20)) {
            buffer.write(fd, content, 10);
            buffer.write(fd, content, 0);
        } finally {
            LinuxFiles.close(fd);
        }
        assertThat(Files.size(tmp.resolve("part"))).isEqualTo(10);
    }

    @Test
    void aNewFileIsCreatedOwnerOnlyAndNeverOverAnythingThere() throws IOException {
        int fd = LinuxFiles.createFileAt(folder, "fresh");
        LinuxFiles.close(fd);
        assertThat((Integer) Files.getAttribute(tmp.resolve("fresh"), "unix:mode") & 0777)
                .isEqualTo(0600);

        Files.writeString(tmp.resolve("there"), "keep");
        Path outside = Files.writeString(tmp.resolve("outside"), "keep too");
        Files.createSymbolicLink(tmp.resolve("link"), outside);
        Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("nowhere"));

        assertThatThrownBy(() -> LinuxFiles.createFileAt(folder, "there"))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("there");
        assertThatThrownBy(() -> LinuxFiles.createFileAt(folder, "link"))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> LinuxFiles.createFileAt(folder, "dangling"))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(tmp.resolve("nowhere")).doesNotExist();
        assertThat(Files.readString(tmp.resolve("there"))).isEqualTo("keep");
        assertThat(Files.readString(outside)).isEqualTo("keep too");
    }

    @Test
    void aFolderIsOpenedOnlyWhenItIsOneItselfNeverThroughALink() throws IOException {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Files.createSymbolicLink(tmp.resolve("link-to-folder"), real);
        Files.writeString(tmp.resolve("file"), "f");

        int child = LinuxFiles.openFolderAt(folder, "real");
        try {
            int inner = LinuxFiles.createFileAt(child, "inside");
            LinuxFiles.close(inner);
        } finally {
            LinuxFiles.close(child);
        }
        assertThat(real.resolve("inside")).isRegularFile();

        assertThatThrownBy(() -> LinuxFiles.openFolderAt(folder, "link-to-folder"))
                .isInstanceOf(FileSystemException.class)
                .isNotInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> LinuxFiles.openFolderAt(folder, "file"))
                .isInstanceOf(FileSystemException.class)
                .isNotInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> LinuxFiles.openFolderAt(folder, "missing")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() ->
                        LinuxFiles.openFolder(tmp.resolve("link-to-folder").toString()))
                .isInstanceOf(FileSystemException.class);

        assertThat(LinuxFiles.isFolderAt(folder, "real")).isTrue();
        assertThat(LinuxFiles.isFolderAt(folder, "link-to-folder")).isFalse();
        assertThat(LinuxFiles.isFolderAt(folder, "file")).isFalse();
        assertThat(LinuxFiles.isFolderAt(folder, "missing")).isFalse();
    }

    @Test
    void aNameWithANulCharacterIsRefusedAsTheJdkRefusesIt() {
        assertThatThrownBy(() -> LinuxFiles.createFileAt(folder, "a\0b")).isInstanceOf(InvalidPathException.class);
    }

    @Test
    void errorsAreIoExceptionsNamingTheReason() {
        // Not a closed descriptor of ours: tests run in parallel, and its number may already be another file's.
        assertThatThrownBy(() -> LinuxFiles.setMode(-1, 0644))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Bad file descriptor");
    }
}
