package com.opscenter.cloud;

import static com.opscenter.cloud.CloudFixtures.BUCKET;
import static com.opscenter.cloud.CloudFixtures.PREFIX;
import static com.opscenter.cloud.CloudFixtures.admin;
import static com.opscenter.cloud.CloudFixtures.await;
import static com.opscenter.cloud.CloudFixtures.cloudIds;
import static com.opscenter.cloud.CloudFixtures.cloudState;
import static com.opscenter.cloud.CloudFixtures.details;
import static com.opscenter.cloud.CloudFixtures.sha256;
import static com.opscenter.cloud.CloudFixtures.startBackup;
import static com.opscenter.cloud.CloudFixtures.uploadedBackup;
import static com.opscenter.cloud.CloudFixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import com.opscenter.it.Role;
import com.opscenter.it.S3ProxyServer;
import com.opscenter.it.Server;
import com.opscenter.it.TestSmtp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Cloud backup as a user meets it, on a server configured with the spec's CLOUD_BACKUP_* variables against a real
 * S3 server (S3Proxy, AWS v4 signatures checked), cross-checked with the AWS CLI.
 */
// Started first: its waits on real time overlap the classes that do not share its locks.
@Order(2)
@ResourceLock(Locks.CLOUD)
@ResourceLock(Locks.S3)
@ResourceLock(Locks.SMTP)
class CloudIT {

    static final Server SERVER = Server.CLOUD;

    @RegisterExtension
    static GreenMailExtension smtp = TestSmtp.server();

    @BeforeAll
    static void startS3() {
        S3ProxyServer.shared();
    }

    @Test
    void completedBackupIsUploadedWithVisibleProgressAndTheAwsCliGetsTheSameBytes() throws Exception {
        // 16 MiB of incompressible data through the server's 6 MiB/s upload cap (itCloud.env): close to three
        // seconds of upload, in which the 100 ms polling sees it under way.
        var volume = volume(SERVER, "auto", 4, 4 << 20);
        var id = startBackup(SERVER, volume);
        await(SERVER, id, d -> d.get("status").asText().startsWith("completed"), "completed");
        var midway = await(
                SERVER,
                id,
                d -> cloudState(d).equals("uploaded")
                        || d.get("cloud").get("bytes_uploaded").asLong() > 0,
                "uploading with progress");
        assertThat(cloudState(midway))
                .as("progress seen before the end: " + midway)
                .isEqualTo("uploading");
        assertThat(midway.get("cloud").get("bytes_uploaded").asLong())
                .isBetween(1L, midway.get("cloud").get("bytes_total").asLong());
        var uploaded = await(SERVER, id, d -> cloudState(d).equals("uploaded"), "uploaded");
        assertThat(uploaded.get("cloud").get("percent").asDouble()).isEqualTo(100.0);
        assertThat(uploaded.get("cloud").get("error").isNull()).isTrue();
        var listed = admin(SERVER).get("/api/v1/backups").json().get("backups");
        assertThat(listed.findValues("id").stream().anyMatch(n -> n.asText().equals(id)))
                .isTrue();

        var archiveFile = uploaded.get("archive_file").asText();
        var ls = AwsCli.run("s3", "ls", "s3://" + BUCKET + "/" + PREFIX);
        assertThat(ls.exitCode()).as(ls.output()).isZero();
        assertThat(ls.output()).contains(archiveFile).contains(id + ".json");

        var copy = Files.createTempDirectory("awscli").resolve(archiveFile);
        var cp = AwsCli.run("s3", "cp", "s3://" + BUCKET + "/" + PREFIX + archiveFile, copy.toString());
        assertThat(cp.exitCode()).as(cp.output()).isZero();
        assertThat(sha256(copy)).isEqualTo(uploaded.get("sha256").asText());
        assertThat(Files.size(copy)).isEqualTo(uploaded.get("size").asLong());
        var head = AwsCli.run("s3api", "head-object", "--bucket", BUCKET, "--key", PREFIX + archiveFile);
        assertThat(head.output())
                .as("the archive's SHA-256 travels as object metadata")
                .contains(uploaded.get("sha256").asText());
    }

    @Test
    void deletedLocalCopyIsRestoredFromTheCloudAfterDownloadAndVerification() throws Exception {
        var volume = volume(SERVER, "restore", 2, 100_000);
        var original = SERVER.volumesRoot().toAbsolutePath().normalize().resolve(volume);
        var backup = uploadedBackup(SERVER, volume);
        var id = backup.get("id").asText();

        assertThat(admin(SERVER).delete("/api/v1/backups/" + id).status()).isEqualTo(200);
        assertThat(admin(SERVER).get("/api/v1/backups/" + id).status()).isEqualTo(404);
        var cloud = admin(SERVER).get("/api/v1/backups/cloud").json();
        var entry = Stream.of(cloud.get("backups"))
                .flatMap(n -> java.util.stream.StreamSupport.stream(n.spliterator(), false))
                .filter(n -> n.get("id").asText().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(entry.get("in_local_catalog").asBoolean()).isFalse();
        assertThat(entry.get("sha256").asText()).isEqualTo(backup.get("sha256").asText());

        var restore = admin(SERVER).post("/api/v1/backups/" + id + "/restore", "{}");
        assertThat(restore.status()).as(restore.toString()).isEqualTo(200);
        var restored = Path.of(restore.json().get("restore_path").asText());
        assertThat(restored.resolve("volumes/" + volume + "/data/file-1.bin"))
                .hasSameBinaryContentAs(original.resolve("data/file-1.bin"));
        var back = details(SERVER, id);
        assertThat(back.get("status").asText()).isEqualTo("completed");
        assertThat(back.get("sha256").asText()).isEqualTo(backup.get("sha256").asText());
        assertThat(cloudState(back)).isEqualTo("uploaded");
    }

    @Test
    void s3ServerDyingMidUploadFailsTheUploadNotTheBackupAndALaterRetrySucceeds() throws Exception {
        var s3 = S3ProxyServer.shared();
        var volume = volume(SERVER, "outage", 6, 4 << 20);
        var id = startBackup(SERVER, volume);
        await(SERVER, id, d -> d.get("status").asText().startsWith("completed"), "completed");
        try {
            await(
                    SERVER,
                    id,
                    d -> cloudState(d).equals("uploading")
                            && d.get("cloud").get("bytes_uploaded").asLong() > 0,
                    "uploading");
        } finally {
            s3.stop();
        }
        JsonNodeHolder failed = new JsonNodeHolder();
        try {
            failed.node = await(SERVER, id, d -> cloudState(d).equals("failed"), "failed");
            assertThat(failed.node.get("cloud").get("error").asText()).contains("127.0.0.1");
            assertThat(failed.node.get("cloud").get("next_attempt").isNull())
                    .as("a retry is planned")
                    .isFalse();
            assertThat(failed.node.get("status").asText())
                    .as("the local backup stays completed")
                    .isEqualTo("completed");
            var verify = admin(SERVER).post("/api/v1/backups/verify/" + id, "");
            assertThat(verify.json().get("valid").asBoolean())
                    .as(verify.toString())
                    .isTrue();
            var ready = Api.anonymous(SERVER).get("/health/ready");
            assertThat(ready.status()).as(ready.toString()).isEqualTo(503);
            assertThat(ready.body()).contains("cloud-storage");
            assertThat(admin(SERVER).get("/api/v1/health").body())
                    .contains("cloud-storage")
                    .contains("unreachable");
            var retriedWhileDown = await(
                    SERVER,
                    id,
                    d -> d.get("cloud").get("attempts").asInt() >= 2
                            && cloudState(d).equals("failed"),
                    "failed again on its retry while S3 is down");
            assertThat(retriedWhileDown.get("cloud").get("next_attempt").isNull())
                    .as("an outage is worth another retry")
                    .isFalse();
        } finally {
            s3.start();
        }

        var uploaded = await(SERVER, id, d -> cloudState(d).equals("uploaded"), "uploaded after the outage");
        assertThat(uploaded.get("cloud").get("attempts").asInt()).isGreaterThanOrEqualTo(3);
        try (var client = CloudFixtures.s3()) {
            assertThat(client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads())
                    .as("no half-finished multipart upload is left in the bucket")
                    .isEmpty();
        }
        var copy = Files.createTempDirectory("awscli").resolve("copy");
        var cp = AwsCli.run(
                "s3",
                "cp",
                "s3://" + BUCKET + "/" + PREFIX + uploaded.get("archive_file").asText(),
                copy.toString());
        assertThat(cp.exitCode()).as(cp.output()).isZero();
        assertThat(sha256(copy)).isEqualTo(uploaded.get("sha256").asText());

        assertThat(smtp.waitForIncomingEmail(30_000, 1)).isTrue();
        assertThat(TestSmtp.mailsAbout(smtp, id).stream().map(m -> {
                    try {
                        return m.getSubject();
                    } catch (Exception e) {
                        return "";
                    }
                }))
                .contains("[Ops-Center] Cloud Upload Failed");
        var audit = admin(SERVER).get("/api/v1/audit?action=cloud.upload&outcome=failure&limit=50");
        assertThat(audit.body()).contains(id);
    }

    static final class JsonNodeHolder {
        com.fasterxml.jackson.databind.JsonNode node;
    }

    @Test
    void manualUploadDeleteAndSyncInBothDirections() throws Exception {
        var backup = uploadedBackup(SERVER, volume(SERVER, "manual", 1, 50_000));
        var id = backup.get("id").asText();

        var deleted = admin(SERVER).delete("/api/v1/backups/cloud/" + id);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(cloudIds(SERVER)).doesNotContain(id);
        assertThat(cloudState(details(SERVER, id))).isEqualTo("not_uploaded");
        assertThat(admin(SERVER).delete("/api/v1/backups/cloud/" + id).status()).isEqualTo(404);

        var up = admin(SERVER).post("/api/v1/backups/cloud/sync", "{\"direction\":\"upload\"}");
        assertThat(up.status()).as(up.toString()).isEqualTo(200);
        assertThat(up.json().get("copied").toString()).contains(id);
        assertThat(cloudIds(SERVER)).contains(id);
        var again = admin(SERVER).post("/api/v1/backups/cloud/sync", "{\"direction\":\"upload\"}");
        assertThat(again.json().get("copied").toString()).doesNotContain(id);
        assertThat(again.json().get("skipped").toString()).contains(id).contains("already in the cloud");

        var manual = admin(SERVER).post("/api/v1/backups/cloud/" + id + "/upload", "");
        assertThat(manual.status()).as(manual.toString()).isEqualTo(202);
        assertThat(manual.json().get("cloud_state").asText()).isEqualTo("uploading");
        await(SERVER, id, d -> cloudState(d).equals("uploaded"), "uploaded again");

        assertThat(admin(SERVER)
                        .post("/api/v1/backups/cloud/" + id + "/download", "")
                        .status())
                .as("already local")
                .isEqualTo(409);
        assertThat(admin(SERVER).delete("/api/v1/backups/" + id).status()).isEqualTo(200);
        var down = admin(SERVER).post("/api/v1/backups/cloud/sync", "{\"direction\":\"download\"}");
        assertThat(down.status()).as(down.toString()).isEqualTo(200);
        assertThat(down.json().get("copied").toString()).contains(id);
        assertThat(details(SERVER, id).get("status").asText()).isEqualTo("completed");
    }

    @Test
    void keysThatAreNotOurBackupsAreIgnoredAndNeverBecomeLocalPaths() throws Exception {
        var location = Path.of(admin(SERVER)
                .get("/api/v1/backups/config")
                .json()
                .get("backup_location")
                .asText());
        var forgedId = "backup-20200101-000000";
        assertThat(admin(SERVER).get("/api/v1/backups/cloud").status())
                .as("the bucket exists")
                .isEqualTo(200);
        try (var client = CloudFixtures.s3()) {
            // S3Proxy itself refuses keys with ".." segments (400), so such a key is tested in CloudBackupsTest.
            client.putObject(
                    b -> b.bucket(BUCKET).key(PREFIX + "sub/" + forgedId + ".json"), RequestBody.fromString("{}"));
            client.putObject(b -> b.bucket(BUCKET).key(PREFIX + forgedId + ".json.tmp"), RequestBody.fromString("{}"));
            client.putObject(b -> b.bucket(BUCKET).key(PREFIX + "notes.txt"), RequestBody.fromString("hello"));
            client.putObject(
                    b -> b.bucket(BUCKET).key(PREFIX + forgedId + ".json"),
                    RequestBody.fromString("""
                    {"format_version":1,"id":"%s","timestamp":"2020-01-01T00:00:00Z","codec":"gzip",
                     "archive_file":"../../../tmp/escaped.tar.gz","archive_size":5,"archive_sha256":"00"}
                    """.formatted(forgedId)));
        }
        var listing = admin(SERVER).get("/api/v1/backups/cloud");
        assertThat(listing.status()).isEqualTo(200);
        assertThat(listing.json().get("backups").findValuesAsText("id")).doesNotContain(forgedId);
        assertThat(listing.json().get("ignored").toString())
                .contains("notes.txt")
                .contains(PREFIX + forgedId + ".json: ")
                .contains("sub/" + forgedId + ".json")
                .contains(forgedId + ".json.tmp");

        for (var id : new String[] {forgedId, "x..x", "backup-20200101-000000-0"}) {
            var download = admin(SERVER).post("/api/v1/backups/cloud/" + id + "/download", "");
            assertThat(download.status()).as(download.toString()).isEqualTo(404);
            assertThat(download.json().get("detail").asText()).isNotBlank();
        }
        var restore = admin(SERVER).post("/api/v1/backups/" + forgedId + "/restore", "{}");
        assertThat(restore.status()).as(restore.toString()).isEqualTo(404);
        assertThat(Files.exists(Path.of("/tmp/escaped.tar.gz"))).isFalse();
        assertThat(Files.exists(location.resolve(forgedId + ".download.tmp"))).isFalse();
        try (var client = CloudFixtures.s3()) {
            client.deleteObject(b -> b.bucket(BUCKET).key(PREFIX + "sub/" + forgedId + ".json"));
            client.deleteObject(b -> b.bucket(BUCKET).key(PREFIX + forgedId + ".json.tmp"));
            client.deleteObject(b -> b.bucket(BUCKET).key(PREFIX + "notes.txt"));
            client.deleteObject(b -> b.bucket(BUCKET).key(PREFIX + forgedId + ".json"));
        }
    }

    @Test
    void cloudRetentionRemovesOldCopiesButKeepsTheNewest() throws Exception {
        var backup = uploadedBackup(SERVER, volume(SERVER, "retention", 1, 10_000));
        var oldId = "backup-20200102-030405";
        try (var client = CloudFixtures.s3()) {
            var sidecar = new String(
                    client.getObjectAsBytes(b -> b.bucket(BUCKET)
                                    .key(PREFIX + backup.get("id").asText() + ".json"))
                            .asByteArray(),
                    StandardCharsets.UTF_8);
            var archiveFile = backup.get("archive_file").asText();
            var extension = archiveFile.substring(backup.get("id").asText().length());
            var old = sidecar.replace(backup.get("id").asText(), oldId)
                    .replaceFirst("\"timestamp\":\"[^\"]+\"", "\"timestamp\":\"2020-01-02T03:04:05Z\"");
            client.copyObject(b -> b.sourceBucket(BUCKET)
                    .sourceKey(PREFIX + archiveFile)
                    .destinationBucket(BUCKET)
                    .destinationKey(PREFIX + oldId + extension));
            client.putObject(b -> b.bucket(BUCKET).key(PREFIX + oldId + ".json"), RequestBody.fromString(old));
        }
        assertThat(cloudIds(SERVER)).contains(oldId);

        var config = admin(SERVER).put("/api/v1/backups/config", "{\"cloud_retention_days\":30}");
        assertThat(config.status()).as(config.toString()).isEqualTo(200);
        assertThat(config.json().get("cloud_retention_days").asInt()).isEqualTo(30);
        assertThat(admin(SERVER)
                        .put("/api/v1/backups/config", "{\"cloud_retention_days\":-1}")
                        .status())
                .isEqualTo(400);
        try {
            var manual = admin(SERVER)
                    .post("/api/v1/backups/cloud/" + backup.get("id").asText() + "/upload", "");
            assertThat(manual.status()).isEqualTo(202);
            await(SERVER, backup.get("id").asText(), d -> cloudState(d).equals("uploaded"), "uploaded");
            var deadline = System.currentTimeMillis() + 30_000;
            while (cloudIds(SERVER).contains(oldId) && System.currentTimeMillis() < deadline) {
                CloudFixtures.sleep(200);
            }
            assertThat(cloudIds(SERVER))
                    .doesNotContain(oldId)
                    .contains(backup.get("id").asText());
        } finally {
            admin(SERVER).put("/api/v1/backups/config", "{\"cloud_retention_days\":0}");
        }
    }

    @Test
    void metricsCountUploadsAndCloudStates() throws Exception {
        uploadedBackup(SERVER, volume(SERVER, "metrics", 1, 30_000));
        String text = "";
        for (int i = 0; i < 100; i++) {
            text = scrape("/metrics?scope=application");
            if (sample(text, "ops_center_cloud_copies", "state=\"uploaded\"") >= 1) {
                break;
            }
            CloudFixtures.sleep(200);
        }
        assertThat(sample(text, "ops_center_cloud_upload_total", "outcome=\"success\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(sample(text, "ops_center_cloud_upload_bytes_total", "")).isGreaterThan(30_000);
        assertThat(sample(text, "ops_center_cloud_copies", "state=\"uploaded\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(sample(text, "ops_center_cloud_last_upload_timestamp_seconds", ""))
                .isGreaterThan(java.time.Instant.now().getEpochSecond() - 600);
    }

    /** As Prometheus asks: plain text (the Api client asks for JSON, which /metrics does not serve). */
    static String scrape(String path) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(SERVER.baseUrl() + path))
                                .header("Accept", "text/plain")
                                .GET()
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The value of the first sample of {@code name} whose labels contain {@code label}; -1 when absent. */
    static double sample(String metrics, String name, String label) {
        return metrics.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(-1);
    }

    @Test
    void readinessNamesTheBucketAndSaysVersioningIsUnsupportedHere() {
        var ready = Api.anonymous(SERVER).get("/health/ready");
        assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
        assertThat(ready.body()).contains("cloud-storage").doesNotContain(BUCKET);
        // Bucket and versioning are for admins (issue 12: anonymous health says UP or DOWN only).
        var details = admin(SERVER).get("/api/v1/health");
        var check = Stream.of(details.json().get("checks"))
                .flatMap(n -> java.util.stream.StreamSupport.stream(n.spliterator(), false))
                .filter(c -> c.get("name").asText().equals("cloud-storage"))
                .findFirst()
                .orElseThrow();
        assertThat(check.get("status").asText()).isEqualTo("UP");
        assertThat(check.get("data").get("bucket").asText()).isEqualTo(BUCKET);
        assertThat(check.get("data").get("versioning").asText()).contains("unsupported");
        assertThat(details.body()).doesNotContain(S3ProxyServer.SECRET_KEY).doesNotContain(S3ProxyServer.ACCESS_KEY);
    }

    @Test
    void cloudEndpointsOnAServerWithoutCloudBackupSaySoWith409() {
        var response = admin(Server.EMBEDDED).get("/api/v1/backups/cloud");
        assertThat(response.status()).as(response.toString()).isEqualTo(409);
        assertThat(response.json().get("detail").asText()).contains("Cloud backups are not enabled");
        var sync = admin(Server.EMBEDDED).post("/api/v1/backups/cloud/sync", "{\"direction\":\"upload\"}");
        assertThat(sync.status()).isEqualTo(409);
    }

    // --- roles and bad input on every cloud endpoint ---

    record Endpoint(String method, String path, String body, boolean moderatorMayCall) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Endpoint> endpoints() {
        var id = "backup-20991231-235959";
        return Stream.of(
                new Endpoint("GET", "/api/v1/backups/cloud", null, true),
                new Endpoint("POST", "/api/v1/backups/cloud/" + id + "/upload", "", false),
                new Endpoint("POST", "/api/v1/backups/cloud/" + id + "/download", "", false),
                new Endpoint("DELETE", "/api/v1/backups/cloud/" + id, null, false),
                new Endpoint("POST", "/api/v1/backups/cloud/sync", "{\"direction\":\"upload\"}", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void everyCloudEndpointAnswers401WithoutTokenAnd403ForTheWrongRole(Endpoint endpoint) {
        var anonymous = Api.anonymous(SERVER).send(endpoint.method(), endpoint.path(), endpoint.body());
        assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(401);
        assertThat(anonymous.json().get("detail").asText()).isNotBlank();
        var garbage = Api.withAuthorization("Bearer not.a.token", SERVER)
                .send(endpoint.method(), endpoint.path(), endpoint.body());
        assertThat(garbage.status()).isEqualTo(401);
        var viewer = Api.as(Role.VIEWER, SERVER).send(endpoint.method(), endpoint.path(), endpoint.body());
        assertThat(viewer.status()).as(viewer.toString()).isEqualTo(403);
        if (!endpoint.moderatorMayCall()) {
            var moderator = Api.as(Role.MODERATOR, SERVER).send(endpoint.method(), endpoint.path(), endpoint.body());
            assertThat(moderator.status()).as(moderator.toString()).isEqualTo(403);
        } else {
            assertThat(Api.as(Role.MODERATOR, SERVER)
                            .send(endpoint.method(), endpoint.path(), endpoint.body())
                            .status())
                    .isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{\"direction\":\"sideways\"}",
                "{\"direction\":1}",
                "{\"direction\":\"upload\",\"x\":1}",
                "not json"
            })
    void syncRejectsBadBodiesWith400(String body) {
        var response = admin(SERVER).post("/api/v1/backups/cloud/sync", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"backup-20991231-235959", "not-a-backup", "..%2F..%2Fetc", "backup-..%2F..%2Fx"})
    void unknownOrMalformedIdsAnswer404Or400(String id) {
        for (var response : new Api.Response[] {
            admin(SERVER).post("/api/v1/backups/cloud/" + id + "/upload", ""),
            admin(SERVER).post("/api/v1/backups/cloud/" + id + "/download", ""),
            admin(SERVER).delete("/api/v1/backups/cloud/" + id)
        }) {
            // An encoded slash is refused by the server before routing (400); anything else is simply not found.
            assertThat(response.status()).as(response.toString()).isEqualTo(id.contains("%2F") ? 400 : 404);
            assertThat(response.json().get("detail").asText()).isNotBlank();
        }
    }
}
