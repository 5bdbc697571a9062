package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchiveSpecTest {

    @Test
    void replacingTheSourcesKeepsEverythingTheSidecarRecordsAndAddsTheWarnings() {
        var spec = new ArchiveSpec(
                "backup-20261202-013000",
                Path.of("/backups"),
                List.of(new ArchiveSpec.Source("volumes/db", Path.of("/volumes/db"))),
                List.of("*.tmp"),
                Codec.ZSTD,
                3,
                "scheduled",
                "nightly",
                Instant.parse("2026-12-02T01:30:00Z"),
                List.of("db"),
                List.of(),
                List.of("known before"),
                "installation-1",
                "db-hourly",
                new ArchiveSpec.Base(
                        "backup-20261201-013000", Path.of("/backups/backup-20261201-013000.index.jsonl.gz")));
        var hooked = List.of(new ArchiveSpec.Source("volumes/db", Path.of("/volumes/db")));

        var replaced = spec.withSources(hooked, List.of("found while planning"));

        assertThat(replaced.sources()).isEqualTo(hooked);
        assertThat(replaced.warnings()).containsExactly("known before", "found while planning");
        assertThat(replaced.schedule()).isEqualTo("db-hourly");
        assertThat(replaced.base()).isEqualTo(spec.base());
        assertThat(replaced.installationId()).isEqualTo("installation-1");
        assertThat(replaced.withCodec(Codec.GZIP, 6).schedule()).isEqualTo("db-hourly");
        assertThat(replaced.withExcludes(List.of()).schedule()).isEqualTo("db-hourly");
    }
}
