package com.opscenter.cloud;

import static com.opscenter.cloud.CloudFixtures.BUCKET;
import static com.opscenter.cloud.CloudFixtures.PREFIX;
import static com.opscenter.cloud.CloudFixtures.admin;
import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.archive.Codec;
import com.opscenter.archive.HostileArchives;
import com.opscenter.archive.format.BackupSidecar;
import com.opscenter.archive.format.HostileSidecars;
import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import com.opscenter.it.S3ProxyServer;
import com.opscenter.it.Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Hostile objects put straight into the bucket (with the S3 SDK, not through the service): archives that ask for
 * a huge xz dictionary, a huge zstd window or a GNU long name of 256 MiB, each with a sidecar carrying its true
 * checksum, and sidecars that are gigantic, deeply nested or hold a number of a million digits. itCloud (heap
 * capped by JVM_ARGS in itCloud.env) refuses each download, and each restore of such a cloud-only backup, with
 * the reason; nothing of them stays in its backup folder, and it answers on.
 */
@ResourceLock(Locks.CLOUD)
@ResourceLock(Locks.S3)
class HostileCloudImportIT {

    static final Server SERVER = Server.CLOUD;
    static final List<String> keys = new ArrayList<>();
    static final Random RANDOM = new Random();

    static S3Client s3;

    @BeforeAll
    static void bucket() {
        S3ProxyServer.shared();
        s3 = CloudFixtures.s3();
    }

    @AfterAll
    static void removeTheHostileObjects() {
        // Other tests compare whole bucket listings; these must not outlive this class.
        keys.forEach(key -> s3.deleteObject(b -> b.bucket(BUCKET).key(key)));
        s3.close();
    }

    @Test
    void anXzArchiveAskingForAHugeDictionaryIsRefusedWith502() throws Exception {
        var id = putBackup(Codec.XZ, HostileArchives.xzWithDictionaryProperty(36));
        assertDownloadRefused(id, "dictionary");
    }

    @Test
    void aZstdArchiveAskingForAHugeWindowIsRefusedWith502() throws Exception {
        var id = putBackup(Codec.ZSTD, HostileArchives.zstdFrameWithWindowLog(27));
        assertDownloadRefused(id, "window");
    }

    @Test
    void aGnuLongNameOfHundredsOfMegabytesIsRefusedWith502() throws Exception {
        var id = putBackup(Codec.ZSTD, HostileArchives.zstdTarWithGnuLongName(256L << 20));
        assertDownloadRefused(id, "header");
    }

    @Test
    void restoringAHostileCloudOnlyBackupIsRefusedAndWritesNothing() throws Exception {
        var id = putBackup(Codec.XZ, HostileArchives.xzWithDictionaryProperty(36));

        var restore = admin(SERVER).post("/api/v1/backups/" + id + "/restore", "{}");

        assertThat(restore.status()).as(restore.toString()).isEqualTo(502);
        assertThat(restore.json().get("detail").asText()).contains(id).contains("dictionary");
        assertNothingLeftOf(id);
        assertStillServing();
    }

    @Test
    void aGiganticSidecarIsRefusedUnreadWith502() throws Exception {
        var id = newId();
        putSidecar(id, HostileSidecars.gigantic(id, 64L << 20));

        var response = admin(SERVER).post("/api/v1/backups/cloud/" + id + "/download", "");

        assertThat(response.status()).as(response.toString()).isEqualTo(502);
        assertThat(response.json().get("detail").asText()).contains("too large for a sidecar");
        assertNothingLeftOf(id);
        assertListingIgnores(id, "too large for a sidecar");
        assertStillServing();
    }

    @Test
    void deeplyNestedAndHugeNumberSidecarsAreNotBackups() throws Exception {
        var nested = newId();
        putSidecar(nested, HostileSidecars.deeplyNested(nested, 500_000));
        var number = newId();
        putSidecar(number, HostileSidecars.hugeNumber(number, 1_000_000));

        for (var id : List.of(nested, number)) {
            var response = admin(SERVER).post("/api/v1/backups/cloud/" + id + "/download", "");
            assertThat(response.status()).as(response.toString()).isEqualTo(404);
            assertThat(response.json().get("detail").asText()).contains("unreadable sidecar");
            assertNothingLeftOf(id);
        }
        assertListingIgnores(nested, "nested deeper than");
        assertListingIgnores(number, "a number longer than");
        assertStillServing();
    }

    /** A backup id of 2001, unused by anything else, unique in this run. */
    static synchronized String newId() {
        var at = Instant.parse("2001-01-01T00:00:00Z").plusSeconds(RANDOM.nextInt(365 * 24 * 3600));
        return "backup-"
                + at.toString()
                        .replace("-", "")
                        .replace(":", "")
                        .replace("T", "-")
                        .substring(0, 15);
    }

    /** The archive and a sidecar telling its true size and checksum, so only the archive's content is wrong. */
    static String putBackup(Codec codec, byte[] archive) throws Exception {
        var id = newId();
        var sidecar = new BackupSidecar(
                id,
                Instant.parse("2001-06-01T00:00:00Z"),
                Instant.parse("2001-06-01T00:01:00Z"),
                "manual",
                "hostile",
                codec,
                id + codec.extension(),
                archive.length,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive)),
                1,
                1,
                List.of("victim"),
                List.of(),
                "completed",
                List.of(),
                null,
                null,
                null,
                null);
        put(PREFIX + sidecar.archiveFile(), archive);
        putSidecar(id, sidecar.toJson().getBytes(StandardCharsets.UTF_8));
        return id;
    }

    static void putSidecar(String id, byte[] json) {
        put(PREFIX + id + BackupSidecar.SUFFIX, json);
    }

    static void put(String key, byte[] bytes) {
        keys.add(key);
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
    }

    static void assertDownloadRefused(String id, String word) throws IOException {
        var response = admin(SERVER).post("/api/v1/backups/cloud/" + id + "/download", "");

        assertThat(response.status()).as(response.toString()).isEqualTo(502);
        assertThat(response.json().get("detail").asText())
                .contains("cloud copy of " + id + " is refused")
                .contains(word);
        assertNothingLeftOf(id);
        assertThat(admin(SERVER).get("/api/v1/backups/" + id).status()).isEqualTo(404);
        assertStillServing();
    }

    static void assertNothingLeftOf(String id) throws IOException {
        var folder = Path.of(admin(SERVER)
                .get("/api/v1/backups/config")
                .json()
                .get("backup_location")
                .asText());
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.startsWith(id));
        }
    }

    static void assertListingIgnores(String id, String reason) {
        var listing = admin(SERVER).get("/api/v1/backups/cloud");
        assertThat(listing.status()).as(listing.toString()).isEqualTo(200);
        assertThat(listing.json().get("backups").findValuesAsText("id")).doesNotContain(id);
        assertThat(listing.json().get("ignored").toString()).contains(id).contains(reason);
    }

    static void assertStillServing() {
        assertThat(Api.anonymous(SERVER).get("/health/live").status()).isEqualTo(200);
        assertThat(admin(SERVER).get("/api/v1/backups").status()).isEqualTo(200);
    }
}
