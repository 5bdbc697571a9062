package com.opscenter.backups;

import static com.opscenter.backups.BackupFixtures.awaitFinished;
import static com.opscenter.backups.BackupFixtures.backupLocation;
import static com.opscenter.backups.BackupFixtures.completedBackup;
import static com.opscenter.backups.BackupFixtures.createBackup;
import static com.opscenter.backups.BackupFixtures.database;
import static com.opscenter.backups.BackupFixtures.details;
import static com.opscenter.backups.BackupFixtures.sleep;
import static com.opscenter.backups.BackupFixtures.smallVolume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import com.opscenter.it.Role;
import com.opscenter.it.S3ProxyServer;
import com.opscenter.it.Server;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A server that died, or came back under another host name, leaves rows that say {@code running} or
 * {@code uploading} under a node name no server has any more. Written here straight into the shared PostgreSQL
 * database, as such a server would have left them; the running servers (itPostgres, itPostgres2, BACKUP_LEASE
 * PT30S) must settle them once their lease has run out.
 */
@ResourceLock(Locks.POSTGRES)
@ResourceLock(Locks.S3)
class LeaseIT {

    static final String VANISHED = "vanished-host/defaultServer";
    static final List<String> created = new ArrayList<>();

    @AfterAll
    static void tidyUp() {
        created.forEach(BackupFixtures::deleteQuietly);
        BackupFixtures.removeCreatedFolders();
    }

    static String orphanId() {
        var id = "backup-19990101-000000-" + ThreadLocalRandom.current().nextInt(2, 999_999);
        created.add(id);
        return id;
    }

    /** A backup row as a server writes it when the job starts, with a lease that ran out a minute ago. */
    static void insertRunning(String id, String volume, String location) throws SQLException {
        var now = OffsetDateTime.now(ZoneOffset.UTC);
        try (var db = database();
                var insert = db.prepareStatement("INSERT INTO backups (id, backup_type, status, started_at, codec,"
                        + " volumes, created_by, node, location, lease_until) VALUES (?, 'MANUAL', 'RUNNING', ?,"
                        + " 'gzip', ?, 'it', ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setObject(2, now.minusHours(1));
            insert.setString(3, volume);
            insert.setString(4, VANISHED);
            insert.setString(5, location);
            insert.setObject(6, now.minusMinutes(1));
            assertThat(insert.executeUpdate()).isOne();
        }
    }

    @Test
    void aRunningBackupOfAVanishedServerIsFailedByARunningServerWithoutAnyRequest() throws Exception {
        var volume = smallVolume("lease-sweep");
        var location = backupLocation();
        var id = orphanId();
        insertRunning(id, volume.name(), location.toString());
        var temp = Files.writeString(location.resolve(id + ".tmp"), "the part the vanished server wrote");

        var failed = await(id, d -> !d.get("status").asText().equals("running"), Duration.ofMinutes(3));

        assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.get("error").asText())
                .startsWith("Interrupted: server " + VANISHED + " stopped renewing its lease at ");
        // The server that won the lease's update removes the temporary files just after it commits "failed".
        var removedBy = Instant.now().plusSeconds(30);
        while (Files.exists(temp) && Instant.now().isBefore(removedBy)) {
            sleep(100);
        }
        assertThat(temp).doesNotExist();
        var again = awaitFinished(createBackup(volume.name()));
        created.add(again.get("id").asText());
        assertThat(again.get("status").asText()).as(again.toString()).isEqualTo("completed");
    }

    @Test
    void aVolumeHeldByAVanishedServerCanBeBackedUpAtOnce() throws Exception {
        var volume = smallVolume("lease-lock");
        var id = orphanId();
        insertRunning(id, volume.name(), backupLocation().toString());

        // Today's answer was 409: the vanished server's backup held the volume forever.
        var next = completedBackup(volume.name());
        created.add(next.get("id").asText());

        assertThat(details(id).get("status").asText()).isEqualTo("failed");
    }

    @Test
    void anUploadAVanishedServerLeftInProgressIsTakenOverAndCompletedByAServerWithCloudBackup() throws Exception {
        S3ProxyServer.shared();
        // itPostgres has no cloud backup: the backup stays local until the row below says a server uploads it.
        var backup = completedBackup(smallVolume("lease-upload").name());
        var id = backup.get("id").asText();
        created.add(id);
        var now = OffsetDateTime.now(ZoneOffset.UTC);
        try (var db = database();
                var insert = db.prepareStatement("INSERT INTO cloud_copies (backup_id, state, bytes_total, attempts,"
                        + " node, updated_at, lease_until) VALUES (?, 'UPLOADING', ?, 1, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setLong(2, backup.get("size").asLong());
            insert.setString(3, VANISHED);
            insert.setObject(4, now.minusMinutes(5));
            insert.setObject(5, now.minusMinutes(1));
            assertThat(insert.executeUpdate()).isOne();
        }

        var cloud = Api.as(Role.ADMIN, Server.POSTGRES_2);
        var deadline = Instant.now().plus(Duration.ofMinutes(3));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = cloud.get("/api/v1/backups/" + id).json();
            if (last.get("cloud").get("state").asText().equals("uploaded")) {
                break;
            }
            sleep(500);
        }
        assertThat(last.get("cloud").get("state").asText())
                .as("taken over and uploaded by itPostgres2: " + last)
                .isEqualTo("uploaded");
        assertThat(last.get("cloud").get("attempts").asInt())
                .as(last.toString())
                .isEqualTo(2);
        var removed = cloud.delete("/api/v1/backups/cloud/" + id);
        assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
    }

    static JsonNode await(String id, Predicate<JsonNode> done, Duration timeout) {
        var deadline = Instant.now().plus(timeout);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = details(id);
            if (done.test(last)) {
                return last;
            }
            sleep(500);
        }
        return fail("Backup " + id + " still " + last + " after " + timeout);
    }
}
