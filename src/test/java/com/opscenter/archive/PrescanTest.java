package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pre-scan counts on several threads exactly what the serial walk archives. */
class PrescanTest {

    @TempDir
    Path tmp;

    @Test
    void parallelCountMatchesWhatTheWalkArchives() throws IOException {
        // More folders than the queue holds, so sub-folders are both handed over and walked in place.
        Path source = tmp.resolve("src");
        long files = 0;
        long bytes = 0;
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 12; j++) {
                Path dir = Files.createDirectories(source.resolve("d" + i + "/e" + j + "/f"));
                for (int k = 0; k < 3; k++) {
                    Files.write(dir.resolve("x" + k), new byte[i * 100 + j * 10 + k]);
                    files++;
                    bytes += i * 100 + j * 10 + k;
                }
                Files.write(dir.getParent().resolve("skip.tmp"), new byte[1000]); // excluded by name
            }
        }
        Files.write(source.resolve("shared"), new byte[5000]);
        Files.createLink(source.resolve("d3/shared-again"), source.resolve("shared"));
        files += 2; // both names are files, their content is counted once
        bytes += 5000;
        Files.createSymbolicLink(source.resolve("d1/link"), source.resolve("shared"));
        ArchiveSpec spec = spec(Files.createDirectories(tmp.resolve("backups")), source);

        for (int threads : new int[] {1, 2, 4, 8}) {
            var totals = new SourceWalker(spec).prescan(threads, Thread::new);
            assertThat(totals).as("%d threads", threads).isEqualTo(new SourceWalker.Totals(files, bytes));
        }
        var result = new Archiver(Thread::new).create(spec, Archiver.ProgressListener.NONE);
        assertThat(result.sidecar().filesCount()).isEqualTo(files);
        assertThat(result.sidecar().totalBytes()).isEqualTo(bytes);
    }

    @Test
    void aSingleFileSourceAndAMissingOneAreCounted() throws IOException {
        Path file = Files.write(tmp.resolve("one.bin"), new byte[1234]);
        var spec = spec(tmp.resolve("backups"), file);
        assertThat(new SourceWalker(spec).prescan(4, Thread::new)).isEqualTo(new SourceWalker.Totals(1, 1234));

        var missing = spec(tmp.resolve("backups"), tmp.resolve("gone"));
        assertThat(new SourceWalker(missing).prescan(4, Thread::new)).isEqualTo(new SourceWalker.Totals(0, 0));
    }

    private static ArchiveSpec spec(Path backups, Path source) {
        return new ArchiveSpec(
                "backup-20251023-020000",
                backups,
                List.of(new ArchiveSpec.Source("volumes/data", source)),
                List.of("*.tmp"),
                Codec.ZSTD,
                3,
                "manual",
                "test",
                Instant.parse("2025-10-23T02:00:00Z"),
                List.of("data"),
                List.of());
    }
}
