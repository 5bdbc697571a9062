package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.archive.format.EntryType;
import com.opscenter.archive.format.Manifest;
import com.opscenter.archive.format.ManifestEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexWriterTest {

    private static final Instant CREATED = Instant.parse("2026-12-03T10:00:00Z");

    @TempDir
    Path dir;

    private final List<Thread> threads = new ArrayList<>();
    private final ThreadFactory factory = task -> {
        Thread t = new Thread(task);
        threads.add(t);
        return t;
    };

    @Test
    void theEntriesWrittenOnItsOwnThreadFollowTheHeaderOfTheFinalVersion() throws IOException {
        Path index = dir.resolve("index.gz");
        List<ManifestEntry> entries = new ArrayList<>();
        try (IndexWriter writer = new IndexWriter(index, "backup-20261203-100000", CREATED, factory)) {
            for (int i = 0; i < 20_000; i++) {
                ManifestEntry e = new ManifestEntry(
                        "dir/file-" + i, EntryType.FILE, i, 0644, CREATED, "ab".repeat(32), null, 0, 0, null, null);
                entries.add(e);
                writer.add(e);
            }
            writer.finish(3);
        }
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(index)), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).isEqualTo(Manifest.headerLine("backup-20261203-100000", CREATED, 3));
            for (ManifestEntry e : entries) {
                assertThat(in.readLine()).isEqualTo(Manifest.indexLine(e));
            }
            assertThat(in.readLine()).isNull();
        }
        assertThat(threads).hasSize(1).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
    }

    @Test
    void anIndexAbandonedBeforeItsEndLeavesNoThreadBehind() throws Exception {
        try (IndexWriter writer =
                new IndexWriter(dir.resolve("index.gz"), "backup-20261203-100000", CREATED, factory)) {
            for (int i = 0; i < 50_000; i++) {
                writer.add(new ManifestEntry(
                        "f" + i, EntryType.FILE, i, 0644, CREATED, "cd".repeat(32), null, 0, 0, null, null));
            }
        }
        assertThat(threads).hasSize(1);
        threads.get(0).join(10_000);
        assertThat(threads.get(0).isAlive()).isFalse();
    }
}
