package com.opscenter.cloud;

import static com.opscenter.cloud.CloudFixtures.BUCKET;
import static com.opscenter.cloud.CloudFixtures.PREFIX;
import static com.opscenter.cloud.CloudFixtures.admin;
import static com.opscenter.cloud.CloudFixtures.await;
import static com.opscenter.cloud.CloudFixtures.cloudIds;
import static com.opscenter.cloud.CloudFixtures.cloudState;
import static com.opscenter.cloud.CloudFixtures.uploadedBackup;
import static com.opscenter.cloud.CloudFixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opscenter.it.Locks;
import com.opscenter.it.S3ProxyServer;
import com.opscenter.it.Server;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Two installations on one bucket and prefix: itCloud (installation A, its own H2 database) and itPostgres2
 * (installation B, the PostgreSQL database). B's cloud retention removes B's old copies and never A's, nor a copy
 * written before installation ids that B did not upload.
 */
@ResourceLock(Locks.POSTGRES)
@ResourceLock(Locks.CLOUD)
@ResourceLock(Locks.S3)
class SharedBucketIT {

    static final Server A = Server.CLOUD;
    static final Server B = Server.POSTGRES_2;
    static final List<String> forgedKeys = new ArrayList<>();

    @AfterAll
    static void tidyUp() {
        admin(B).put("/api/v1/backups/config", "{\"cloud_retention_days\":0}");
        try (var client = CloudFixtures.s3()) {
            forgedKeys.forEach(key -> client.deleteObject(b -> b.bucket(BUCKET).key(key)));
        }
    }

    /**
     * An old copy in the bucket made from {@code backup}'s: same archive, an old id and timestamp, and the
     * sidecar's installation_id kept, or left out when {@code keepInstallation} is false.
     */
    static String oldCopyOf(JsonNode backup, String oldId, boolean keepInstallation) {
        var id = backup.get("id").asText();
        var archiveFile = backup.get("archive_file").asText();
        var extension = archiveFile.substring(id.length());
        try (var client = CloudFixtures.s3()) {
            var sidecar = new String(
                    client.getObjectAsBytes(b -> b.bucket(BUCKET).key(PREFIX + id + ".json"))
                            .asByteArray(),
                    StandardCharsets.UTF_8);
            assertThat(sidecar).contains("\"installation_id\":\"");
            var old = sidecar.replace(id, oldId)
                    .replaceFirst("\"timestamp\":\"[^\"]+\"", "\"timestamp\":\"2020-01-02T03:04:05Z\"");
            if (!keepInstallation) {
                old = old.replaceFirst(",\"installation_id\":\"[^\"]+\"", "");
            }
            client.copyObject(b -> b.sourceBucket(BUCKET)
                    .sourceKey(PREFIX + archiveFile)
                    .destinationBucket(BUCKET)
                    .destinationKey(PREFIX + oldId + extension));
            forgedKeys.add(PREFIX + oldId + extension);
            var body = old;
            client.putObject(b -> b.bucket(BUCKET).key(PREFIX + oldId + ".json"), RequestBody.fromString(body));
            forgedKeys.add(PREFIX + oldId + ".json");
        }
        return oldId;
    }

    static JsonNode cloudEntry(Server server, String id) {
        var response = admin(server).get("/api/v1/backups/cloud");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        for (var entry : response.json().get("backups")) {
            if (entry.get("id").asText().equals(id)) {
                return entry;
            }
        }
        throw new AssertionError(id + " is not in the cloud listing of " + server.name());
    }

    @Test
    void installationBsRetentionNeverRemovesInstallationAsCopies() throws Exception {
        S3ProxyServer.shared();
        var fromA = uploadedBackup(A, volume(A, "shared-a", 1, 5_000));
        var oldOfA = oldCopyOf(fromA, "backup-20200102-030411", true);
        var oldWithoutId = oldCopyOf(fromA, "backup-20200102-030412", false);
        var config = admin(B).put("/api/v1/backups/config", "{\"cloud_retention_days\":30}");
        assertThat(config.status()).as(config.toString()).isEqualTo(200);

        var fromB = uploadedBackup(B, volume(B, "shared-b", 1, 5_000));
        var oldOfB = oldCopyOf(fromB, "backup-20200102-030413", true);
        var idOfB = fromB.get("id").asText();
        // B's next upload runs B's retention; B's own old copy going shows that it ran.
        var upload = admin(B).post("/api/v1/backups/cloud/" + idOfB + "/upload", "");
        assertThat(upload.status()).as(upload.toString()).isEqualTo(202);
        await(B, idOfB, d -> cloudState(d).equals("uploaded"), "uploaded");
        var deadline = System.currentTimeMillis() + 30_000;
        while (cloudIds(B).contains(oldOfB) && System.currentTimeMillis() < deadline) {
            CloudFixtures.sleep(200);
        }

        assertThat(cloudIds(B))
                .doesNotContain(oldOfB)
                .contains(oldOfA, oldWithoutId, fromA.get("id").asText());
        var entryOfA = cloudEntry(B, oldOfA);
        assertThat(entryOfA.get("own").asBoolean()).isFalse();
        assertThat(entryOfA.get("installation_id").asText())
                .isNotBlank()
                .isEqualTo(cloudEntry(A, oldOfA).get("installation_id").asText())
                .isNotEqualTo(cloudEntry(B, idOfB).get("installation_id").asText());
        assertThat(entryOfA.get("ownership").asText()).contains("written by installation");
        var legacy = cloudEntry(B, oldWithoutId);
        assertThat(legacy.get("own").asBoolean()).isFalse();
        assertThat(legacy.get("installation_id").isNull()).isTrue();
        assertThat(cloudEntry(B, idOfB).get("own").asBoolean()).isTrue();
        assertThat(cloudEntry(A, oldOfA).get("own").asBoolean()).isTrue();
    }
}
