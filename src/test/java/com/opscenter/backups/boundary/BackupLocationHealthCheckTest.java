package com.opscenter.backups.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.archive.Codec;
import com.opscenter.backups.control.BackupConfigEditor;
import com.opscenter.backups.entity.BackupConfig;
import com.opscenter.platform.PlainHealthResponses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupLocationHealthCheckTest {

    @BeforeAll
    static void plainResponses() {
        PlainHealthResponses.install();
    }

    static BackupLocationHealthCheck checkOf(Path location) {
        var check = new BackupLocationHealthCheck();
        check.configuration = new BackupConfigEditor() {
            @Override
            public BackupConfig current() {
                return new BackupConfig(
                        true,
                        "0 2 * * *",
                        7,
                        location.toString(),
                        List.of(),
                        List.of(),
                        Codec.GZIP,
                        6,
                        "UTC",
                        Instant.now());
            }
        };
        return check;
    }

    @Test
    void upWhenWritableWithEnoughSpace(@TempDir Path dir) {
        var response = checkOf(dir).call(1);
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getName()).isEqualTo("backup-location");
        try (var left = Files.list(dir)) {
            assertThat(left).as("probe file removed").isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void downWithReasonWhenFreeSpaceIsBelowTheThreshold(@TempDir Path dir) {
        var response = checkOf(dir).call(Long.MAX_VALUE);
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow().get("reason").toString())
                .contains("below the threshold")
                .contains("health.backup.min.free.bytes");
    }

    @Test
    void downWithReasonWhenNotWritable(@TempDir Path dir) throws Exception {
        var file = Files.writeString(dir.resolve("not-a-folder"), "x");
        var response = checkOf(file).call(1);
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow().get("reason").toString()).contains("not writable");
    }

    @Test
    void aProbeWritesNothingNotEvenTheMissingFolder(@TempDir Path dir) throws Exception {
        var location = dir.resolve("backups/not-yet");
        var response = checkOf(location).call(1);
        assertThat(response.getStatus()).as(response.getData().toString()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(location.getParent()).doesNotExist();
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void strangersGetTheNameAndStatusOnly(@TempDir Path dir) {
        var full = checkOf(dir).call(Long.MAX_VALUE);
        assertThat(full.getData().orElseThrow()).containsKeys("location", "reason");
        var anonymous = com.opscenter.platform.boundary.DetailedHealthCheck.forStrangers(full);
        assertThat(anonymous.getName()).isEqualTo("backup-location");
        assertThat(anonymous.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(anonymous.getData().filter(data -> !data.isEmpty())).isEmpty();
    }
}
