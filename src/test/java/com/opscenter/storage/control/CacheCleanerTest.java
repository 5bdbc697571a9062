package com.opscenter.storage.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheCleanerTest {

    private static final List<String> KEEP = List.of("sess_*", "*.session", "sessions");

    @TempDir
    Path temp;

    private Path file(Path dir, String name, int size) throws IOException {
        var file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[size]);
    }

    @Test
    void emptiesTheCacheButKeepsSessionsAtAnyDepth() throws IOException {
        var cache = Files.createDirectories(temp.resolve("cache"));
        file(cache, "thumbs/a.png", 100);
        file(cache, "thumbs/deep/b.png", 50);
        file(cache, "blob", 10);
        var session = file(cache, "php/sess_abc123", 5);
        var userSession = file(cache, "user.session", 5);
        var sessionsDir = file(cache, "sessions/42", 5);

        var result = CacheCleaner.clean(List.of(cache), KEEP, false);

        assertThat(result.errors()).isEmpty();
        assertThat(result.removedFiles()).isEqualTo(3);
        assertThat(result.freedBytes()).isEqualTo(160);
        assertThat(session).exists();
        assertThat(userSession).exists();
        assertThat(sessionsDir).exists();
        assertThat(cache.resolve("thumbs")).doesNotExist();
        assertThat(cache.resolve("blob")).doesNotExist();
        assertThat(cache).isDirectory();
    }

    @Test
    void removesSymbolicLinksWithoutTouchingWhatTheyPointTo() throws IOException {
        var cache = Files.createDirectories(temp.resolve("cache"));
        var precious = file(temp, "precious/data.db", 1000);
        Files.createSymbolicLink(cache.resolve("link-to-dir"), precious.getParent());
        Files.createSymbolicLink(cache.resolve("link-to-file"), precious);

        var result = CacheCleaner.clean(List.of(cache), KEEP, false);

        assertThat(result.removedFiles()).isEqualTo(2);
        assertThat(result.freedBytes()).isZero();
        assertThat(precious).exists().hasSize(1000);
        try (var left = Files.list(cache)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aDryRunCountsAndRemovesNothing() throws IOException {
        var cache = Files.createDirectories(temp.resolve("cache"));
        var blob = file(cache, "x/blob", 10);

        var result = CacheCleaner.clean(List.of(cache), KEEP, true);

        assertThat(result.removedFiles()).isEqualTo(1);
        assertThat(result.freedBytes()).isEqualTo(10);
        assertThat(blob).exists();
    }
}
