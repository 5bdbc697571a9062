package com.opscenter.backups;

import static com.opscenter.backups.BackupFixtures.admin;
import static com.opscenter.backups.BackupFixtures.archiveOf;
import static com.opscenter.backups.BackupFixtures.backupLocation;
import static com.opscenter.backups.BackupFixtures.completedBackup;
import static com.opscenter.backups.BackupFixtures.putConfig;
import static com.opscenter.backups.BackupFixtures.smallVolume;
import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Locks;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Retention after a successful backup. Backups cannot be aged through the API, so the test moves one's start
 * time back in the catalog table directly.
 */
@ResourceLock(Locks.POSTGRES)
class BackupRetentionIT {

    static final List<String> created = new ArrayList<>();

    @AfterAll
    static void tidyUp() {
        created.forEach(BackupFixtures::deleteQuietly);
        BackupFixtures.removeCreatedFolders();
    }

    @Test
    void aBackupOlderThanTheRetentionPeriodIsRemovedAfterTheNextSuccessfulBackup() throws Exception {
        BackupFixtures.useDefaultCodec();
        var volume = smallVolume("retention");
        var old = completedBackup(volume.name());
        var oldId = old.get("id").asText();
        created.add(oldId);
        var young = completedBackup(volume.name());
        created.add(young.get("id").asText());
        age(oldId, Duration.ofDays(3));
        assertThat(BackupFixtures.details(oldId).get("status").asText()).isEqualTo("completed");
        var oldArchive = archiveOf(old);
        var oldSidecar = backupLocation().resolve(oldId + ".json");
        try {
            putConfig("{\"retention_days\":1}");
            // Retention runs only after a successful backup: setting it alone removes nothing.
            assertThat(admin().get("/api/v1/backups/" + oldId).status()).isEqualTo(200);

            var next = completedBackup(volume.name());
            created.add(next.get("id").asText());

            awaitGone(oldId);
            assertThat(oldArchive).doesNotExist();
            assertThat(oldSidecar).doesNotExist();
            assertThat(BackupFixtures.details(young.get("id").asText())
                            .get("status")
                            .asText())
                    .isEqualTo("completed");
            assertThat(archiveOf(young)).exists();
            assertThat(BackupFixtures.details(next.get("id").asText())
                            .get("status")
                            .asText())
                    .isEqualTo("completed");
        } finally {
            putConfig("{\"retention_days\":7}");
        }
    }

    @Test
    void storageCleanupWithCleanupBackupsAppliesTheSameRetention() throws Exception {
        BackupFixtures.useDefaultCodec();
        var volume = smallVolume("retention-cleanup");
        var old = completedBackup(volume.name());
        var oldId = old.get("id").asText();
        created.add(oldId);
        var newest = completedBackup(volume.name());
        created.add(newest.get("id").asText());
        age(oldId, Duration.ofDays(3));
        var body = "{\"cleanup_docker\":false,\"cleanup_logs\":false,\"cleanup_cache\":false,\"cleanup_backups\":true";
        try {
            putConfig("{\"retention_days\":1}");
            var dryRun = admin().post("/api/v1/storage/cleanup", body + ",\"dry_run\":true}");
            assertThat(dryRun.status()).as(dryRun.toString()).isEqualTo(200);
            assertThat(dryRun.json().get("actions_performed").get(0).asText())
                    .startsWith("Backup cleanup (dry run): would remove ")
                    .doesNotStartWith("Backup cleanup (dry run): would remove 0 ");
            assertThat(admin().get("/api/v1/backups/" + oldId).status())
                    .as("dry run keeps it")
                    .isEqualTo(200);

            var cleanup = admin().post("/api/v1/storage/cleanup", body + "}");
            assertThat(cleanup.status()).as(cleanup.toString()).isEqualTo(200);
            assertThat(cleanup.json().get("success").asBoolean()).isTrue();
            assertThat(cleanup.json().get("freed_space").asLong())
                    .isGreaterThanOrEqualTo(old.get("size").asLong());
            assertThat(admin().get("/api/v1/backups/" + oldId).status()).isEqualTo(404);
            assertThat(archiveOf(old)).doesNotExist();
            assertThat(BackupFixtures.details(newest.get("id").asText())
                            .get("status")
                            .asText())
                    .isEqualTo("completed");
        } finally {
            putConfig("{\"retention_days\":7}");
        }
    }

    static void age(String id, Duration by) throws SQLException {
        try (var db = BackupFixtures.database();
                var update = db.prepareStatement("UPDATE backups SET started_at = started_at - ?::interval, "
                        + "finished_at = finished_at - ?::interval WHERE id = ?")) {
            var interval = by.toSeconds() + " seconds";
            update.setString(1, interval);
            update.setString(2, interval);
            update.setString(3, id);
            assertThat(update.executeUpdate()).as("catalog row of " + id).isEqualTo(1);
        }
    }

    static void awaitGone(String id) {
        var deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (admin().get("/api/v1/backups/" + id).status() != 404) {
            assertThat(Instant.now()).as(id + " was not removed by retention").isBefore(deadline);
            BackupFixtures.sleep(250);
        }
    }
}
