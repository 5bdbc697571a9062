package com.opscenter.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node id is made once, kept in the server's data folder, and read back by every later start. */
class NodeIdentityTest {

    @TempDir
    Path dir;

    static NodeIdentity start(Optional<String> nodeName, Path idFile) {
        var settings = new NodeSettings();
        settings.name = nodeName;
        settings.idFile = Optional.of(idFile.toString());
        var identity = new NodeIdentity();
        identity.settings = settings;
        return identity;
    }

    @Test
    void theIdIsMadeOnFirstStartKeptInTheDataFolderAndReadBackAfterARestart() throws IOException {
        var idFile = dir.resolve("data/node-id");

        var first = start(Optional.empty(), idFile).name();
        var afterRestart = start(Optional.empty(), idFile).name();

        assertThat(first).matches(".+/.+-[0-9a-f]{8}");
        assertThat(afterRestart).isEqualTo(first);
        assertThat(Files.readString(idFile).strip()).isEqualTo(first);
        try (var files = Files.list(idFile.getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(idFile);
        }
    }

    @Test
    void anotherDataFolderIsAnotherNode() {
        var one = start(Optional.empty(), dir.resolve("one/node-id")).name();
        var other = start(Optional.empty(), dir.resolve("other/node-id")).name();

        assertThat(other).isNotEqualTo(one);
    }

    @Test
    void nodeNameOverridesTheKeptIdAndWritesNothing() {
        var idFile = dir.resolve("data/node-id");

        assertThat(start(Optional.of("node-7"), idFile).name()).isEqualTo("node-7");
        assertThat(idFile).doesNotExist();
    }
}
