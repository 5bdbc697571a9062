package com.opscenter.archive.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.archive.Codec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The increment's additions to the format: held-elsewhere entries, index lines, the version 2 sidecar. */
class IncrementFormatTest {

    private static final Instant T = Instant.parse("2026-12-02T05:00:00.123456789Z");
    private static final String SHA = "ab".repeat(32);

    private static ManifestEntry file(String path) {
        return new ManifestEntry(path, EntryType.FILE, 12, 0640, T, SHA, null, 1000, 1000, "app", "app")
                .withIdentity(T.plusSeconds(1), 4242, 2049);
    }

    @Test
    void archiveLineLeavesOutIdentityAndTheHashOfContentHeldElsewhere() {
        var held = file("volumes/v/a").heldBy("backup-20261201-020000", "volumes/v/z", SHA);
        String line = Manifest.entryLine(held);
        assertThat(line)
                .contains("\"from\":\"backup-20261201-020000\"", "\"source\":\"volumes/v/z\"", "\"sha256\":null")
                .doesNotContain("ctime", "\"ino\"", "\"dev\"");
        var parsed = Manifest.parseLine(line);
        assertThat(parsed.from()).isEqualTo("backup-20261201-020000");
        assertThat(parsed.sourcePath()).isEqualTo("volumes/v/z");
        assertThat(parsed.ctime()).isNull();
        assertThat(parsed.inode()).isEqualTo(-1);
    }

    @Test
    void indexLineKeepsEverythingChangeDetectionNeeds() {
        var held = file("volumes/v/a").heldBy("backup-20261201-020000", "volumes/v/a", SHA);
        var parsed = Manifest.parseLine(Manifest.indexLine(held));
        assertThat(parsed).isEqualTo(held);
        assertThat(parsed.source()).as("same name is not repeated").isNull();
        assertThat(parsed.ctime()).isEqualTo(T.plusSeconds(1));
        assertThat(parsed.inode()).isEqualTo(4242);
        assertThat(parsed.device()).isEqualTo(2049);
        assertThat(parsed.sha256()).isEqualTo(SHA);
    }

    @Test
    void aFullEntryLineIsWhatEarlierVersionsWrote() {
        var plain = new ManifestEntry("a", EntryType.FILE, 12, 0640, T, SHA, null, 1000, 1000, "app", "app");
        assertThat(Manifest.entryLine(file("a"))).isEqualTo(Manifest.entryLine(plain));
    }

    @Test
    void heldElsewhereIsRefusedWhereItCannotBe() {
        assertThatThrownBy(
                        () -> Manifest.parseLine("{\"path\":\"d\",\"type\":\"directory\",\"size\":0,\"mode\":\"0755\","
                                + "\"mtime\":\"2026-12-02T05:00:00Z\",\"from\":\"backup-20261201-020000\"}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Manifest.parseLine("{\"path\":\"f\",\"type\":\"file\",\"size\":0,\"mode\":\"0644\","
                        + "\"mtime\":\"2026-12-02T05:00:00Z\",\"from\":\"../../etc\"}"))
                .hasMessageContaining("not a backup id");
    }

    @Test
    void aManifestNewerThanIncrementsIsRefusedByVersion() {
        assertThat(Manifest.parseLine(Manifest.headerLine("backup-20261202-050000", T, 4)))
                .isNull();
        assertThatThrownBy(() -> Manifest.parseLine(Manifest.headerLine("backup-20261202-050000", T, 5)))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("version 5");
    }

    private static BackupSidecar sidecar(BackupSidecar.Increment increment) {
        return new BackupSidecar(
                "backup-20261202-050000",
                T,
                T,
                "manual",
                null,
                Codec.ZSTD,
                "backup-20261202-050000.tar.zst",
                10,
                SHA,
                1,
                12,
                List.of("v"),
                List.of(),
                "completed",
                List.of(),
                null,
                null,
                null,
                null,
                increment);
    }

    @Test
    void anIncrementsSidecarIsVersion2AndAFullOneStaysVersion1() {
        var inc = new BackupSidecar.Increment(
                "backup-20261201-020000", List.of("backup-20261130-020000", "backup-20261201-020000"));
        String json = sidecar(inc).toJson();
        assertThat(json).startsWith("{\"format_version\":2,").contains("\"incremental\":{\"base_id\"");
        var read = BackupSidecar.fromJson(json);
        assertThat(read.incremental()).isEqualTo(inc);
        assertThat(read.mode()).isEqualTo("incremental");

        String full = sidecar(null).toJson();
        assertThat(full).startsWith("{\"format_version\":1,").doesNotContain("incremental");
        assertThat(BackupSidecar.fromJson(full).mode()).isEqualTo("full");
    }

    @Test
    void anIncrementInAVersion1SidecarOrAHostileBaseIsRefused() {
        String json = sidecar(new BackupSidecar.Increment("backup-20261201-020000", List.of()))
                .toJson()
                .replace("\"format_version\":2", "\"format_version\":1");
        assertThatThrownBy(() -> BackupSidecar.fromJson(json)).hasMessageContaining("version 1");
        String hostile = sidecar(new BackupSidecar.Increment("backup-20261201-020000", List.of()))
                .toJson()
                .replace("\"base_id\":\"backup-20261201-020000\"", "\"base_id\":\"../x\"");
        assertThatThrownBy(() -> BackupSidecar.fromJson(hostile)).isInstanceOf(IllegalArgumentException.class);
    }
}
