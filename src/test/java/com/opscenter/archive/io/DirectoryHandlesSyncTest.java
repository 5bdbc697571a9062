package com.opscenter.archive.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flushing a restored tree: one file system flush where coreutils' sync can do it, file by file otherwise. */
class DirectoryHandlesSyncTest {

    @TempDir
    Path dir;

    @Test
    void aFolderOnADiskIsFlushedWithOneFileSystemFlush() throws IOException {
        var tree = Files.createDirectories(dir.resolve("tree/a"));
        Files.writeString(tree.resolve("file"), "contents");
        assertThat(DirectoryHandles.syncFileSystem(dir.resolve("tree"))).isTrue();
        DirectoryHandles.syncTree(dir.resolve("tree"));
        assertThat(Files.readString(tree.resolve("file"))).isEqualTo("contents");
    }

    @Test
    void whenTheFileSystemFlushFailsTheTreeIsFlushedFileByFileWhichReportsWhatIsWrong() throws IOException {
        var missing = dir.resolve("gone");
        assertThat(DirectoryHandles.syncFileSystem(missing)).isFalse();
        // sync -f cannot open it, so the fallback opens the root through a handle and says why it cannot.
        assertThatThrownBy(() -> DirectoryHandles.syncTree(missing)).isInstanceOf(NoSuchFileException.class);
    }
}
