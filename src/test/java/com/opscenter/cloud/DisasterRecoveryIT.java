package com.opscenter.cloud;

import static com.opscenter.cloud.CloudFixtures.admin;
import static com.opscenter.cloud.CloudFixtures.cloudIds;
import static com.opscenter.cloud.CloudFixtures.details;
import static com.opscenter.cloud.CloudFixtures.uploadedBackup;
import static com.opscenter.cloud.CloudFixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Locks;
import com.opscenter.it.S3ProxyServer;
import com.opscenter.it.Server;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The original server is gone. Another server, pointed at the same bucket with its own database and backup
 * folder that have never seen the original's backups (itPostgres2, on the PostgreSQL catalog), finds every
 * backup from the sidecars alone and restores any of them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ResourceLock(Locks.POSTGRES)
@ResourceLock(Locks.CLOUD)
@ResourceLock(Locks.S3)
class DisasterRecoveryIT {

    static String first;
    static String second;
    static Path firstVolume;

    @BeforeAll
    static void backUpOnTheOriginalServer() throws Exception {
        S3ProxyServer.shared();
        var volume = volume(Server.CLOUD, "dr", 2, 64_000);
        firstVolume = Server.CLOUD.volumesRoot().toAbsolutePath().normalize().resolve(volume);
        first = uploadedBackup(Server.CLOUD, volume).get("id").asText();
        second = uploadedBackup(Server.CLOUD, volume(Server.CLOUD, "dr2", 1, 1000))
                .get("id")
                .asText();
    }

    @Test
    @Order(1)
    void freshServerListsEveryCloudBackupTheOriginalSees() {
        var fresh = cloudIds(Server.POSTGRES_2);
        assertThat(fresh).contains(first, second);
        assertThat(fresh).containsExactlyInAnyOrderElementsOf(cloudIds(Server.CLOUD));
    }

    @Test
    @Order(2)
    void freshServerRestoresACloudOnlyBackupAfterVerifyingIt() throws Exception {
        assertThat(admin(Server.POSTGRES_2).get("/api/v1/backups/" + first).status())
                .isEqualTo(404);

        var restore = admin(Server.POSTGRES_2).post("/api/v1/backups/" + first + "/restore", "{}");

        assertThat(restore.status()).as(restore.toString()).isEqualTo(200);
        var restored = Path.of(restore.json().get("restore_path").asText());
        var volume = firstVolume.getFileName().toString();
        assertThat(restored.resolve("volumes/" + volume + "/data/file-0.bin"))
                .hasSameBinaryContentAs(firstVolume.resolve("data/file-0.bin"));
        var catalogued = details(Server.POSTGRES_2, first);
        assertThat(catalogued.get("status").asText()).isEqualTo("completed");
        assertThat(catalogued.get("sha256").asText())
                .isEqualTo(details(Server.CLOUD, first).get("sha256").asText());
        assertThat(catalogued.get("cloud").get("state").asText()).isEqualTo("uploaded");
    }

    @Test
    @Order(3)
    void freshServerPullsTheRestWithASyncDownload() {
        var sync = admin(Server.POSTGRES_2).post("/api/v1/backups/cloud/sync", "{\"direction\":\"download\"}");
        assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
        assertThat(sync.json().get("failed").size()).as(sync.toString()).isZero();
        var local = admin(Server.POSTGRES_2)
                .get("/api/v1/backups")
                .json()
                .get("backups")
                .findValuesAsText("id");
        assertThat(local).contains(first, second);
    }
}
