package com.opscenter.backups;

import static com.opscenter.backups.BackupFixtures.admin;
import static com.opscenter.backups.BackupFixtures.archiveOf;
import static com.opscenter.backups.BackupFixtures.backupLocation;
import static com.opscenter.backups.BackupFixtures.completedBackup;
import static com.opscenter.backups.BackupFixtures.putConfig;
import static com.opscenter.backups.BackupFixtures.smallVolume;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.opscenter.archive.format.BackupSidecar;
import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A chain of backups is never broken, on PostgreSQL: a backup another depends on is kept by retention and cannot
 * be deleted before it. Until the engine writes increments, the dependency is made the way one is recorded: the
 * second backup's sidecar becomes an increment's (format_version 2, "incremental") and its catalog row says the
 * same (written directly, as BackupRetentionIT ages rows; the catalog is read from the folder only at start-up).
 */
@ResourceLock(Locks.POSTGRES)
class BackupChainsIT {

    static final List<String> created = new ArrayList<>();

    @AfterAll
    static void tidyUp() {
        // Newest first: an increment goes before what it depends on.
        for (int i = created.size() - 1; i >= 0; i--) {
            BackupFixtures.deleteQuietly(created.get(i));
        }
        BackupFixtures.removeCreatedFolders();
    }

    @Test
    void aBackupAnotherDependsOnIsKeptByRetentionAndCannotBeDeletedBeforeIt() throws Exception {
        BackupFixtures.useDefaultCodec();
        var volume = smallVolume("chain");
        var base = completedBackup(volume.name());
        var baseId = base.get("id").asText();
        created.add(baseId);
        var increment = completedBackup(volume.name());
        var incrementId = increment.get("id").asText();
        created.add(incrementId);
        var other = completedBackup(smallVolume("chain-other").name());
        var otherId = other.get("id").asText();
        created.add(otherId);
        // An id the other backup's is a prefix of: backup-20261201-020000 is not backup-20261201-020000-1.
        var longerId = otherId + (otherId.matches("backup-\\d{8}-\\d{6}") ? "-1" : "1");
        makeIncrement(incrementId, baseId, List.of(longerId, baseId));

        var deleteOther = admin().delete("/api/v1/backups/" + otherId);
        assertThat(deleteOther.status())
                .as("nothing depends on " + otherId + ": " + deleteOther)
                .isEqualTo(200);
        created.remove(otherId);

        // Both far older than retention_days; the increment is the newest backup of the volume and needs the base.
        BackupRetentionIT.age(baseId, Duration.ofDays(30));
        BackupRetentionIT.age(incrementId, Duration.ofDays(30));
        try {
            putConfig("{\"retention_days\":7}");
            var cleanup = admin().post(
                            "/api/v1/storage/cleanup",
                            "{\"cleanup_docker\":false,\"cleanup_logs\":false,\"cleanup_cache\":false,"
                                    + "\"cleanup_backups\":true}");
            assertThat(cleanup.status()).as(cleanup.toString()).isEqualTo(200);
            assertThat(cleanup.json().get("success").asBoolean())
                    .as(cleanup.toString())
                    .isTrue();
        } finally {
            putConfig("{\"retention_days\":7}");
        }
        assertThat(admin().get("/api/v1/backups/" + baseId).status()).isEqualTo(200);
        assertThat(archiveOf(base)).exists();
        assertThat(admin().get("/api/v1/backups/" + incrementId).status()).isEqualTo(200);

        var refused = admin().delete("/api/v1/backups/" + baseId);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText())
                .isEqualTo(baseId + " cannot be deleted: " + incrementId + " depends on it; delete it first");
        assertThat(admin().get("/api/v1/backups/" + baseId).status()).isEqualTo(200);
        assertThat(archiveOf(base)).exists();

        var first = admin().delete("/api/v1/backups/" + incrementId);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        created.remove(incrementId);
        var then = admin().delete("/api/v1/backups/" + baseId);
        assertThat(then.status()).as(then.toString()).isEqualTo(200);
        created.remove(baseId);
        assertThat(archiveOf(base)).doesNotExist();
    }

    /** Rewrites the backup's sidecar and catalog row into those of an increment of {@code baseId}. */
    static void makeIncrement(String id, String baseId, List<String> dependsOn) throws Exception {
        var sidecarFile = backupLocation().resolve(id + BackupSidecar.SUFFIX);
        var sidecar = (ObjectNode) Api.JSON.readTree(Files.readString(sidecarFile));
        sidecar.put("format_version", 2);
        var incremental = sidecar.putObject("incremental");
        incremental.put("base_id", baseId);
        var holders = incremental.putArray("depends_on");
        dependsOn.forEach(holders::add);
        Files.writeString(sidecarFile, sidecar.toString());
        assertThat(BackupSidecar.read(sidecarFile).incremental())
                .isEqualTo(new BackupSidecar.Increment(baseId, dependsOn));
        try (var db = BackupFixtures.database();
                var update = db.prepareStatement("UPDATE backups SET backup_mode = 'incremental', base_id = ?,"
                        + " depends_on = ? WHERE id = ?")) {
            update.setString(1, baseId);
            update.setString(2, String.join("\n", dependsOn));
            update.setString(3, id);
            assertThat(update.executeUpdate()).as("catalog row of " + id).isEqualTo(1);
        }
    }
}
