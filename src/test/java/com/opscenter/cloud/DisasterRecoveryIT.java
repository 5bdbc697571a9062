package com.opscenter.cloud;

import static com.opscenter.cloud.CloudFixtures.admin;
import static com.opscenter.cloud.CloudFixtures.cloudIds;
import static com.opscenter.cloud.CloudFixtures.details;
import static com.opscenter.cloud.CloudFixtures.snapshot;
import static com.opscenter.cloud.CloudFixtures.uploadedBackup;
import static com.opscenter.cloud.CloudFixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Locks;
import com.opscenter.it.S3ProxyServer;
import com.opscenter.it.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The original server is gone. Another server, pointed at the same bucket with its own database and backup
 * folder that have never seen the original's backups (itPostgres2, on the PostgreSQL catalog), finds every
 * backup from the sidecars alone and restores any of them. A chain across the cloud and back: a full backup and
 * two increments, all uploaded, come back from the bucket when the disk that held them is lost, and on the other
 * server, the increment fetching the backups it depends on.
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

    /** A full backup and two increments of one volume, all uploaded; the volume as the last one saw it. */
    record Chain(String volume, String full, String middle, String last, Map<String, String> tree) {}

    private static Chain chain;

    /** Made once, by whichever test needs it first (the earlier ones do not). */
    static synchronized Chain chain() throws Exception {
        if (chain != null) {
            return chain;
        }
        var volume = volume(Server.CLOUD, "chain", 3, 50_000);
        var dir = Server.CLOUD.volumesRoot().toAbsolutePath().normalize().resolve(volume);
        settle();
        var full = uploadedBackup(Server.CLOUD, volume, "full");
        assertThat(full.get("mode").asText()).isEqualTo("full");

        Files.write(dir.resolve("data/file-new-1.bin"), random(40_000, 1));
        Files.writeString(dir.resolve("README.txt"), "changed once\n", StandardOpenOption.APPEND);
        settle();
        var middle = uploadedBackup(Server.CLOUD, volume, "incremental");
        assertThat(middle.get("mode").asText()).as(middle.toString()).isEqualTo("incremental");
        assertThat(middle.get("depends_on").toString()).contains(full.get("id").asText());

        Files.delete(dir.resolve("data/file-0.bin"));
        Files.write(dir.resolve("data/file-1.bin"), random(30_000, 2));
        Files.write(dir.resolve("data/file-new-2.bin"), random(20_000, 3));
        settle();
        var last = uploadedBackup(Server.CLOUD, volume, "incremental");
        assertThat(last.get("mode").asText()).as(last.toString()).isEqualTo("incremental");
        // data/file-2.bin is unchanged since the full backup, data/file-new-1.bin since the first increment.
        assertThat(last.get("depends_on").toString())
                .contains(full.get("id").asText())
                .contains(middle.get("id").asText());
        chain = new Chain(
                volume,
                full.get("id").asText(),
                middle.get("id").asText(),
                last.get("id").asText(),
                snapshot(dir));
        return chain;
    }

    @Test
    @Order(4)
    void anIncrementWhoseChainIsOnlyInTheCloudVerifiesAndRestoresAfterTheBackupDiskIsLost() throws Exception {
        var chain = chain();
        var location = Path.of(admin(Server.CLOUD)
                .get("/api/v1/backups/config")
                .json()
                .get("backup_location")
                .asText());
        var all = List.of(chain.full(), chain.middle(), chain.last());
        var archives = new HashMap<String, String>();
        all.forEach(id ->
                archives.put(id, details(Server.CLOUD, id).get("archive_file").asText()));
        loseFromDisk(location, archives, all);

        // The increment alone comes back; verifying it fetches the backups it depends on from the bucket.
        var download = admin(Server.CLOUD).post("/api/v1/backups/cloud/" + chain.last() + "/download", "");
        assertThat(download.status()).as(download.toString()).isEqualTo(200);
        assertThat(location.resolve(archives.get(chain.full()))).doesNotExist();
        var verify = admin(Server.CLOUD).post("/api/v1/backups/verify/" + chain.last(), "");
        assertThat(verify.status()).as(verify.toString()).isEqualTo(200);
        assertThat(verify.json().get("valid").asBoolean()).as(verify.toString()).isTrue();
        assertThat(location.resolve(archives.get(chain.full()))).isRegularFile();
        assertThat(details(Server.CLOUD, chain.full()).get("status").asText()).isEqualTo("completed");

        // The older two are lost again: the restore fetches them before it writes anything.
        loseFromDisk(location, archives, List.of(chain.full(), chain.middle()));
        var restore = admin(Server.CLOUD).post("/api/v1/backups/" + chain.last() + "/restore", "{}");

        assertThat(restore.status()).as(restore.toString()).isEqualTo(200);
        var restored = Path.of(restore.json().get("restore_path").asText());
        assertThat(snapshot(restored.resolve("volumes/" + chain.volume()))).isEqualTo(chain.tree());
        assertThat(details(Server.CLOUD, chain.middle()).get("status").asText()).isEqualTo("completed");
        assertThat(location.resolve(archives.get(chain.middle()))).isRegularFile();
    }

    @Test
    @Order(5)
    void freshServerRestoresTheLastIncrementFetchingTheBackupsItDependsOn() throws Exception {
        var chain = chain();
        assertThat(admin(Server.POSTGRES_2)
                        .get("/api/v1/backups/" + chain.full())
                        .status())
                .isEqualTo(404);

        var restore = admin(Server.POSTGRES_2).post("/api/v1/backups/" + chain.last() + "/restore", "{}");

        assertThat(restore.status()).as(restore.toString()).isEqualTo(200);
        var restored = Path.of(restore.json().get("restore_path").asText());
        assertThat(snapshot(restored.resolve("volumes/" + chain.volume()))).isEqualTo(chain.tree());
        assertThat(details(Server.POSTGRES_2, chain.full()).get("status").asText())
                .isEqualTo("completed");
        assertThat(details(Server.POSTGRES_2, chain.middle()).get("status").asText())
                .isEqualTo("completed");
    }

    /** What a lost backup disk leaves: no archive, sidecar or index of these backups; the catalog still lists them. */
    private static void loseFromDisk(Path location, Map<String, String> archives, List<String> ids) throws IOException {
        for (var id : ids) {
            Files.delete(location.resolve(archives.get(id)));
            Files.deleteIfExists(location.resolve(id + ".json"));
            Files.deleteIfExists(location.resolve(id + ".index.jsonl.gz"));
        }
    }

    /**
     * A file changed within the second before a backup started is read again by the next increment (racily
     * clean), so it would not be held by that backup: the changes are given time to be older than that.
     */
    private static void settle() {
        CloudFixtures.sleep(1_500);
    }

    private static byte[] random(int size, long seed) {
        var bytes = new byte[size];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }
}
