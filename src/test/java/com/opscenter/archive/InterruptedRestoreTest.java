package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an in-place restore leaves when the process dies at each of its steps. A crash cannot be caused on demand
 * in a unit test, so each test lays out the folders exactly as the restore leaves them at that point (staging
 * written, volume renamed away, new tree renamed in) and checks that start-up recovery ends with either the old or
 * the new volume, whole, and nothing else next to it.
 */
class InterruptedRestoreTest {

    @TempDir
    Path volumes;

    @Test
    void crashWhileExtractingKeepsTheVolumeAndRemovesTheStaging() throws IOException {
        var volume = tree("data", "old");
        tree(".data.restore-tmp-123456789", "half");

        var done = Restorer.recoverInterrupted(volume);

        assertThat(contentOf(volume)).isEqualTo("old");
        assertThat(names()).containsExactly("data");
        assertThat(done).singleElement().asString().contains("restore-tmp").contains("did not finish");
    }

    @Test
    void crashBetweenTheRenamesPutsTheOldVolumeBack() throws IOException {
        tree(".data.restore-old-98765", "old");
        tree(".data.restore-tmp-42", "new");
        var volume = volumes.resolve("data");

        var done = Restorer.recoverInterrupted(volume);

        assertThat(contentOf(volume)).isEqualTo("old");
        assertThat(names()).containsExactly("data");
        assertThat(done).hasSize(2).anySatisfy(line -> assertThat(line).contains("back as"));
    }

    @Test
    void crashBeforeTheOldTreeWasRemovedKeepsTheNewVolume() throws IOException {
        tree(".data.restore-old--98765", "old");
        var volume = tree("data", "new");

        Restorer.recoverInterrupted(volume);

        assertThat(contentOf(volume)).isEqualTo("new");
        assertThat(names()).containsExactly("data");
    }

    @Test
    void aRestoreIntoAMissingFolderLeavesNothing() throws IOException {
        tree(".restore_backup-20260101-000000.restore-tmp-7", "half");

        var done = Restorer.recoverFolder(volumes);

        assertThat(names()).isEmpty();
        assertThat(done).hasSize(1);
    }

    @Test
    void severalOldVersionsAndNoVolumeAreLeftForAPerson() throws IOException {
        tree(".data.restore-old-1", "one");
        tree(".data.restore-old-2", "two");

        var done = Restorer.recoverInterrupted(volumes.resolve("data"));

        assertThat(names()).containsExactly(".data.restore-old-1", ".data.restore-old-2");
        assertThat(done).singleElement().asString().contains("by hand");
    }

    @Test
    void removingTheOldTreeNeverFollowsItsLinks() throws IOException {
        var victim = tree("victim", "precious");
        var old = tree(".data.restore-old-5", "old");
        Files.createSymbolicLink(old.resolve("sub"), victim);
        Files.createSymbolicLink(old.resolve("file-link"), victim.resolve("file"));
        tree("data", "new");

        Restorer.recoverFolder(volumes);

        assertThat(names()).containsExactly("data", "victim");
        assertThat(contentOf(victim)).isEqualTo("precious");
    }

    @Test
    void folderRecoveryFindsEveryVolumeWhateverItsName() throws IOException {
        tree(".my.vol.restore-old-3", "old");
        tree(".data.restore-old-5.restore-tmp-9", "half");
        var other = tree("data.restore-old-5", "a volume of that name");
        tree("unrelated", "kept");

        Restorer.recoverFolder(volumes);

        assertThat(names()).containsExactly("data.restore-old-5", "my.vol", "unrelated");
        assertThat(contentOf(volumes.resolve("my.vol"))).isEqualTo("old");
        assertThat(contentOf(other)).isEqualTo("a volume of that name");
    }

    @Test
    void nothingToRecoverDoesNothing() throws IOException {
        var volume = tree("data", "as is");

        assertThat(Restorer.recoverInterrupted(volume)).isEmpty();
        assertThat(Restorer.recoverFolder(volumes.resolve("absent"))).isEmpty();
        assertThat(contentOf(volume)).isEqualTo("as is");
    }

    /** A folder with a file and a read-only subfolder holding a file, as restores leave them. */
    private Path tree(String name, String content) throws IOException {
        var root = Files.createDirectories(volumes.resolve(name));
        Files.writeString(root.resolve("file"), content);
        var sub = Files.createDirectories(root.resolve("ro"));
        Files.writeString(sub.resolve("inner"), content);
        sub.toFile().setWritable(false, false);
        return root;
    }

    private static String contentOf(Path root) throws IOException {
        return Files.readString(root.resolve("file"));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> list = Files.list(volumes)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
