package com.opscenter.cloud;

import static com.opscenter.cloud.CloudFixtures.admin;
import static com.opscenter.cloud.CloudFixtures.await;
import static com.opscenter.cloud.CloudFixtures.details;
import static com.opscenter.cloud.CloudFixtures.sha256;
import static com.opscenter.cloud.CloudFixtures.startBackup;
import static com.opscenter.cloud.CloudFixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opscenter.it.Locks;
import com.opscenter.it.Processes;
import com.opscenter.it.S3ProxyServer;
import com.opscenter.it.Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Two cloud targets on itTargets (src/test/liberty/itTargets.env): the spec's CLOUD_BACKUP_* variables form
 * {@code default}, CLOUD_BACKUP_TARGETS adds {@code offsite}; each is an S3Proxy of its own, started here on the
 * ports those variables name. A target taken away mid-upload fails and retries alone while the backup reaches the
 * other; restores and downloads fall over to the other target when the first is down or holds a damaged copy.
 * The AWS CLI checks what each bucket really holds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ResourceLock(Locks.TARGETS)
class CloudTargetsIT {

    static final Server SERVER = Server.TARGETS;
    static final String NEAR_BUCKET = "ops-center-near";
    static final String NEAR_PREFIX = "site-t/";
    static final String FAR_BUCKET = "ops-center-far";
    static final String FAR_PREFIX = "copies/";

    static S3ProxyServer near;
    static S3ProxyServer far;

    @BeforeAll
    static void startBothTargets() {
        var build = Path.of(System.getProperty("it.build.dir", "target"));
        near = S3ProxyServer.emptyOnPort(Integer.getInteger("it.targets.s3a.port", 9581), build.resolve("it-s3-near"));
        far = S3ProxyServer.emptyOnPort(Integer.getInteger("it.targets.s3b.port", 9582), build.resolve("it-s3-far"));
    }

    /** A test that fails while a target is stopped must not leave it stopped for the tests after it. */
    @AfterEach
    void bothTargetsRunAgain() {
        for (var target : List.of(near, far)) {
            if (!target.running()) {
                target.start();
            }
        }
    }

    @AfterAll
    static void stopBothTargets() {
        near.stop();
        far.stop();
    }

    static JsonNode target(JsonNode details, String name) {
        return StreamSupport.stream(details.get("cloud_targets").spliterator(), false)
                .filter(t -> t.get("target").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no cloud target " + name + " in " + details));
    }

    static String state(JsonNode details, String name) {
        return target(details, name).get("state").asText();
    }

    static JsonNode readiness() {
        var details = admin(SERVER).get("/api/v1/health");
        return StreamSupport.stream(details.json().get("checks").spliterator(), false)
                .filter(c -> c.get("name").asText().equals("cloud-storage"))
                .findFirst()
                .orElseThrow();
    }

    /** The bucket check is cached for 15 s; a check from before a target changed may still answer. */
    static JsonNode readinessWhen(String status) {
        var deadline = System.nanoTime() + CloudFixtures.TIMEOUT.toNanos();
        JsonNode check = readiness();
        while (!check.get("status").asText().equals(status) && System.nanoTime() < deadline) {
            CloudFixtures.sleep(500);
            check = readiness();
        }
        return check;
    }

    static void assertInBucket(S3ProxyServer server, String bucket, String key, String sha256) throws Exception {
        var copy = Files.createTempDirectory("awscli").resolve("copy");
        var cp = AwsCli.runAt(server.endpoint(), "s3", "cp", "s3://" + bucket + "/" + key, copy.toString());
        assertThat(cp.exitCode()).as(cp.output()).isZero();
        assertThat(sha256(copy)).isEqualTo(sha256);
    }

    /** As Prometheus asks: plain text. */
    static String scrape() throws Exception {
        var response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(SERVER.baseUrl() + "/metrics?scope=application"))
                                .header("Accept", "text/plain")
                                .GET()
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The sum of the samples of {@code name} whose labels contain every one of {@code labels}. */
    static double sum(String metrics, String name, String... labels) {
        return metrics.lines()
                .filter(l -> l.startsWith(name + "{"))
                .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    @Order(1)
    void everyBackupReachesBothTargetsAndReadinessNamesEach() throws Exception {
        var check = readinessWhen("UP");
        assertThat(check.get("status").asText()).as(check.toString()).isEqualTo("UP");
        assertThat(check.get("data").get("targets").asText()).isEqualTo("default,offsite");
        assertThat(check.get("data").get("target.default").asText()).isEqualTo("up");
        assertThat(check.get("data").get("target.offsite").asText()).isEqualTo("up");

        var id = startBackup(SERVER, volume(SERVER, "both", 2, 50_000));
        var done = await(
                SERVER,
                id,
                d -> state(d, "default").equals("uploaded")
                        && state(d, "offsite").equals("uploaded"),
                "uploaded to both targets");

        assertThat(done.get("cloud").get("state").asText())
                .as("cloud describes the first target")
                .isEqualTo("uploaded");
        var archive = done.get("archive_file").asText();
        assertInBucket(
                near, NEAR_BUCKET, NEAR_PREFIX + archive, done.get("sha256").asText());
        assertInBucket(far, FAR_BUCKET, FAR_PREFIX + archive, done.get("sha256").asText());
        var offsiteList = admin(SERVER).get("/api/v1/backups/cloud?target=offsite");
        assertThat(offsiteList.status()).as(offsiteList.toString()).isEqualTo(200);
        assertThat(offsiteList.json().get("bucket").asText()).isEqualTo(FAR_BUCKET);
        assertThat(offsiteList.json().get("target").asText()).isEqualTo("offsite");
        assertThat(offsiteList.json().get("backups").findValuesAsText("id")).contains(id);
        assertThat(admin(SERVER)
                        .get("/api/v1/backups/cloud")
                        .json()
                        .get("bucket")
                        .asText())
                .isEqualTo(NEAR_BUCKET);
    }

    @Test
    @Order(2)
    void aTargetStoppedMidUploadDelaysOnlyItselfAndCatchesUpOnItsRetry() throws Exception {
        // 48 MB of random bytes: eight seconds of upload at the server's 6 MiB/s cap, a window that polling
        // cannot miss on a loaded machine. An upload starts only after the backup completed, so no separate wait.
        var id = startBackup(SERVER, volume(SERVER, "outage", 6, 8 << 20));
        try {
            await(
                    SERVER,
                    id,
                    d -> state(d, "default").equals("uploading")
                            && target(d, "default").get("bytes_uploaded").asLong() > 0,
                    "uploading to default");
        } finally {
            near.stop();
        }
        JsonNode meanwhile;
        try {
            meanwhile = await(
                    SERVER,
                    id,
                    d -> state(d, "offsite").equals("uploaded")
                            && state(d, "default").equals("failed"),
                    "uploaded to offsite while default failed");
            var failed = target(meanwhile, "default");
            assertThat(failed.get("error").asText()).contains("127.0.0.1");
            assertThat(failed.get("next_attempt").isNull())
                    .as("a retry is planned")
                    .isFalse();
            assertThat(meanwhile.get("cloud").get("state").asText()).isEqualTo("failed");
            assertInBucket(
                    far,
                    FAR_BUCKET,
                    FAR_PREFIX + meanwhile.get("archive_file").asText(),
                    meanwhile.get("sha256").asText());
            var check = readinessWhen("DOWN");
            assertThat(check.get("status").asText()).as(check.toString()).isEqualTo("DOWN");
            assertThat(check.get("data").get("target.default").asText()).startsWith("down");
            assertThat(check.get("data").get("target.offsite").asText()).isEqualTo("up");
        } finally {
            near.start();
        }

        var caughtUp = await(SERVER, id, d -> state(d, "default").equals("uploaded"), "uploaded to default");
        assertThat(target(caughtUp, "default").get("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(target(caughtUp, "offsite").get("attempts").asInt())
                .as("the target that stayed up needed one attempt")
                .isEqualTo(1);
        assertInBucket(
                near,
                NEAR_BUCKET,
                NEAR_PREFIX + caughtUp.get("archive_file").asText(),
                caughtUp.get("sha256").asText());
        var metrics = scrape();
        assertThat(sum(metrics, "ops_center_cloud_upload_failure_total", "target=\"default\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(sum(metrics, "ops_center_cloud_upload_failure_total", "target=\"offsite\""))
                .isZero();
        assertThat(sum(metrics, "ops_center_cloud_upload_total", "target=\"offsite\"", "outcome=\"success\""))
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(3)
    void aRestoreWithTheFirstTargetDownIsServedByTheOther() throws Exception {
        var volume = volume(SERVER, "restore", 2, 80_000);
        var original = SERVER.volumesRoot().toAbsolutePath().normalize().resolve(volume);
        var id = startBackup(SERVER, volume);
        var uploaded = await(
                SERVER,
                id,
                d -> state(d, "default").equals("uploaded")
                        && state(d, "offsite").equals("uploaded"),
                "uploaded to both targets");
        assertThat(admin(SERVER).delete("/api/v1/backups/" + id).status()).isEqualTo(200);

        near.stop();
        try {
            var restore = admin(SERVER).post("/api/v1/backups/" + id + "/restore", "{}");

            assertThat(restore.status()).as(restore.toString()).isEqualTo(200);
            assertThat(restore.json().get("cloud_target").asText()).isEqualTo("offsite");
            var restored = Path.of(restore.json().get("restore_path").asText());
            assertThat(restored.resolve("volumes/" + volume + "/data/file-1.bin"))
                    .hasSameBinaryContentAs(original.resolve("data/file-1.bin"));
            assertThat(details(SERVER, id).get("sha256").asText())
                    .isEqualTo(uploaded.get("sha256").asText());
        } finally {
            near.start();
        }
    }

    @Test
    @Order(4)
    void aDamagedCopyOnTheFirstTargetFallsOverToTheOther() throws Exception {
        var id = startBackup(SERVER, volume(SERVER, "damaged", 1, 60_000));
        var uploaded = await(
                SERVER,
                id,
                d -> state(d, "default").equals("uploaded")
                        && state(d, "offsite").equals("uploaded"),
                "uploaded to both targets");
        var archive = uploaded.get("archive_file").asText();
        // Same size, other bytes: only the checksum can tell.
        var garbage = Files.createTempFile("damaged", ".bin");
        Files.write(garbage, new byte[Math.toIntExact(uploaded.get("size").asLong())]);
        var cp = AwsCli.runAt(
                near.endpoint(), "s3", "cp", garbage.toString(), "s3://" + NEAR_BUCKET + "/" + NEAR_PREFIX + archive);
        assertThat(cp.exitCode()).as(cp.output()).isZero();
        assertThat(admin(SERVER).delete("/api/v1/backups/" + id).status()).isEqualTo(200);

        var download = admin(SERVER).post("/api/v1/backups/cloud/" + id + "/download", "");

        assertThat(download.status()).as(download.toString()).isEqualTo(200);
        assertThat(download.json().get("target").asText()).isEqualTo("offsite");
        assertThat(download.json().get("sha256").asText())
                .isEqualTo(uploaded.get("sha256").asText());
    }

    @Test
    @Order(5)
    void syncFillsInWhatOneTargetLacks() throws Exception {
        var id = startBackup(SERVER, volume(SERVER, "sync", 1, 40_000));
        var uploaded = await(
                SERVER,
                id,
                d -> state(d, "default").equals("uploaded")
                        && state(d, "offsite").equals("uploaded"),
                "uploaded to both targets");
        var gone = admin(SERVER).delete("/api/v1/backups/cloud/" + id + "?target=offsite");
        assertThat(gone.status()).as(gone.toString()).isEqualTo(200);
        var ls = AwsCli.runAt(far.endpoint(), "s3", "ls", "s3://" + FAR_BUCKET + "/" + FAR_PREFIX);
        assertThat(ls.output()).doesNotContain(id);
        assertThat(state(details(SERVER, id), "default")).isEqualTo("uploaded");

        var sync = admin(SERVER).post("/api/v1/backups/cloud/sync?target=offsite", "{\"direction\":\"upload\"}");

        assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
        assertThat(sync.json().get("copied").toString()).contains(id);
        assertInBucket(
                far,
                FAR_BUCKET,
                FAR_PREFIX + uploaded.get("archive_file").asText(),
                uploaded.get("sha256").asText());
        assertThat(state(details(SERVER, id), "offsite")).isEqualTo("uploaded");
    }

    @Test
    @Order(6)
    void syncFromOneTargetToAnotherCopiesABackupNoLongerKeptLocally() throws Exception {
        var id = startBackup(SERVER, volume(SERVER, "across", 1, 40_000));
        var uploaded = await(
                SERVER,
                id,
                d -> state(d, "default").equals("uploaded")
                        && state(d, "offsite").equals("uploaded"),
                "uploaded to both targets");
        assertThat(admin(SERVER)
                        .delete("/api/v1/backups/cloud/" + id + "?target=offsite")
                        .status())
                .isEqualTo(200);
        assertThat(admin(SERVER).delete("/api/v1/backups/" + id).status()).isEqualTo(200);

        var sync = admin(SERVER)
                .post("/api/v1/backups/cloud/sync?target=offsite", "{\"direction\":\"upload\",\"from\":\"default\"}");

        assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
        assertThat(sync.json().get("copied").toString()).contains(id);
        assertThat(sync.json().get("failed").size()).as(sync.toString()).isZero();
        assertInBucket(
                far,
                FAR_BUCKET,
                FAR_PREFIX + uploaded.get("archive_file").asText(),
                uploaded.get("sha256").asText());
        var both = details(SERVER, id);
        assertThat(state(both, "offsite")).isEqualTo("uploaded");
        assertThat(state(both, "default")).isEqualTo("uploaded");
    }

    @Test
    @Order(7)
    void anUnknownTargetIsA400NamingTheKnownOnes() {
        var response = admin(SERVER).post("/api/v1/backups/cloud/sync?target=elsewhere", "{}");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("detail").asText())
                .contains("default, offsite")
                .contains("elsewhere");
    }

    @Test
    @Order(8)
    void aScheduleCopiesOnlyToTheTargetsItNames() throws Exception {
        var volume = volume(SERVER, "offsite-only", 1, 10_000);
        var schedules = "/api/v1/backups/schedules";
        var unknown = admin(SERVER)
                .post(
                        schedules,
                        "{\"name\":\"offsite-only\",\"cron\":\"* * * * *\",\"volumes\":[\"" + volume
                                + "\"],\"keep_last\":2,\"cloud_targets\":[\"elsewhere\"]}");
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        assertThat(unknown.json().get("detail").asText()).contains("cloud_targets", "elsewhere", "default, offsite");
        var toDefault = admin(SERVER).put(schedules + "/default", "{\"cloud_targets\":[\"offsite\"]}");
        assertThat(toDefault.status()).as(toDefault.toString()).isEqualTo(400);

        var created = admin(SERVER)
                .post(
                        schedules,
                        "{\"name\":\"offsite-only\",\"cron\":\"* * * * *\",\"volumes\":[\"" + volume
                                + "\"],\"keep_last\":2,\"cloud_targets\":[\"offsite\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("cloud_targets").toString()).isEqualTo("[\"offsite\"]");
        try {
            var deadline = System.nanoTime() + java.time.Duration.ofMinutes(3).toNanos();
            JsonNode taken = null;
            while (taken == null && System.nanoTime() < deadline) {
                var list = admin(SERVER)
                        .get("/api/v1/backups?schedule=offsite-only")
                        .json();
                for (var b : list.get("backups")) {
                    if (b.get("status").asText().startsWith("completed")) {
                        taken = b;
                    }
                }
                CloudFixtures.sleep(1000);
            }
            assertThat(taken).as("a backup of the schedule within 3 minutes").isNotNull();
            var done = await(
                    SERVER,
                    taken.get("id").asText(),
                    d -> state(d, "offsite").equals("uploaded"),
                    "uploaded to offsite");
            // The schedule names offsite only: nothing was queued for default, then or since.
            CloudFixtures.sleep(3000);
            var later = details(SERVER, done.get("id").asText());
            assertThat(StreamSupport.stream(later.get("cloud_targets").spliterator(), false)
                            .filter(t -> t.get("target").asText().equals("default"))
                            .map(t -> t.get("state").asText()))
                    .as(later.toString())
                    .allMatch(s -> s.equals("not_uploaded") || s.equals("none"));
        } finally {
            admin(SERVER).delete(schedules + "/offsite-only");
        }
    }

    @Test
    @Order(9)
    void withTheFirstTargetDownTheListingAndASyncWithoutTargetUseTheOther() throws Exception {
        var id = startBackup(SERVER, volume(SERVER, "down-list", 1, 20_000));
        await(
                SERVER,
                id,
                d -> state(d, "default").equals("uploaded")
                        && state(d, "offsite").equals("uploaded"),
                "uploaded to both targets");
        assertThat(admin(SERVER)
                        .delete("/api/v1/backups/cloud/" + id + "?target=offsite")
                        .status())
                .isEqualTo(200);

        near.stop();
        try {
            var list = admin(SERVER).get("/api/v1/backups/cloud");

            assertThat(list.status()).as(list.toString()).isEqualTo(200);
            assertThat(list.json().get("target").asText()).isEqualTo("offsite");
            assertThat(list.json().get("bucket").asText()).isEqualTo(FAR_BUCKET);
            var failed = list.json().get("failed_targets");
            assertThat(failed.size()).as(list.toString()).isEqualTo(1);
            assertThat(failed.get(0).get("target").asText()).isEqualTo("default");
            assertThat(failed.get(0).get("reason").asText()).contains("127.0.0.1");
            assertThat(list.body()).doesNotContain(S3ProxyServer.SECRET_KEY);

            var sync = admin(SERVER).post("/api/v1/backups/cloud/sync", "{\"direction\":\"upload\"}");

            assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
            assertThat(sync.json().get("success").asBoolean()).isFalse();
            assertThat(sync.json().get("copied").toString()).contains(id);
            var perTarget = sync.json().get("targets");
            assertThat(perTarget.size()).isEqualTo(2);
            assertThat(perTarget.get(0).get("target").asText()).isEqualTo("default");
            assertThat(perTarget.get(0).get("error").asText()).contains("127.0.0.1");
            assertThat(perTarget.get(1).get("target").asText()).isEqualTo("offsite");
            assertThat(perTarget.get(1).get("error").isNull()).isTrue();
            assertThat(perTarget.get(1).get("copied").toString()).contains(id);
            assertThat(state(details(SERVER, id), "offsite")).isEqualTo("uploaded");
        } finally {
            near.start();
        }
        var bothUp = admin(SERVER).get("/api/v1/backups/cloud");
        assertThat(bothUp.json().get("target").asText()).isEqualTo("default");
        assertThat(bothUp.json().get("failed_targets").size()).isZero();
    }

    @Test
    @Order(10)
    void aSyncWithoutTargetFailsOnlyWhenNoTargetAnswers() {
        near.stop();
        far.stop();
        try {
            var sync = admin(SERVER).post("/api/v1/backups/cloud/sync", "{\"direction\":\"upload\"}");
            assertThat(sync.status()).as(sync.toString()).isEqualTo(502);
            assertThat(sync.json().get("detail").asText()).contains("default: ", "offsite: ");
            var list = admin(SERVER).get("/api/v1/backups/cloud");
            assertThat(list.status()).as(list.toString()).isEqualTo(502);
        } finally {
            near.start();
            far.start();
        }
    }

    static final Path PASSPHRASE_FILE =
            Path.of(System.getProperty("it.build.dir", "target")).resolve("it-targets-encryption/passphrase");
    static final String PASSPHRASE = "targets it passphrase, never shown";

    /**
     * Encryption {@code cloud} (itTargets.env names the passphrase file this test writes): the local archive stays
     * plain; each bucket holds OpenPGP ciphertext only, which gpg opens with the passphrase; and with the local
     * backup gone, a restore from the cloud decrypts it back byte for byte.
     */
    @Test
    @Order(11)
    void withEncryptionCloudEachTargetHoldsCiphertextThatGpgOpensAndARestoreReads() throws Exception {
        var config = admin(SERVER).get("/api/v1/backups/config").json();
        Files.createDirectories(PASSPHRASE_FILE.getParent());
        Files.writeString(PASSPHRASE_FILE, PASSPHRASE + "\n");
        try {
            var configured = admin(SERVER)
                    .put(
                            "/api/v1/backups/config",
                            "{\"encryption\":\"cloud\",\"compression\":\"zstd\",\"compression_level\":3}");
            assertThat(configured.status()).as(configured.toString()).isEqualTo(200);
            assertThat(configured.json().get("encryption").asText()).isEqualTo("cloud");
            var volume = volume(SERVER, "sealed", 2, 30_000);
            var original = SERVER.volumesRoot().toAbsolutePath().normalize().resolve(volume);
            var expected = CloudFixtures.snapshot(original);
            var id = startBackup(SERVER, volume);
            var done = await(
                    SERVER,
                    id,
                    d -> state(d, "default").equals("uploaded")
                            && state(d, "offsite").equals("uploaded"),
                    "uploaded to both targets");

            // Local: plain zstd, readable without a key.
            var archive = done.get("archive_file").asText();
            assertThat(archive).isEqualTo(id + ".tar.zst");
            var local = Path.of(config.get("backup_location").asText()).resolve(archive);
            assertThat(Processes.check("bash", "-c", "set -o pipefail; zstd -dc '" + local + "' | tar -t"))
                    .contains("volumes/" + volume + "/data/file-1.bin");

            var fromBuckets = new java.util.ArrayList<String>();
            for (var bucket : java.util.List.of(
                    new Object[] {near, NEAR_BUCKET, NEAR_PREFIX}, new Object[] {far, FAR_BUCKET, FAR_PREFIX})) {
                var server = (S3ProxyServer) bucket[0];
                var where = "s3://" + bucket[1] + "/" + bucket[2];
                var copy = Files.createTempDirectory("sealed").resolve(archive + ".gpg");
                var get = AwsCli.runAt(server.endpoint(), "s3", "cp", where + archive + ".gpg", copy.toString());
                assertThat(get.exitCode()).as(get.output()).isZero();
                assertCiphertextOnly(copy, volume);
                fromBuckets.add(sha256(copy));

                var listed = Processes.check(
                        "bash",
                        "-c",
                        "set -o pipefail; home=$(mktemp -d); gpg --batch --quiet --homedir \"$home\" --pinentry-mode"
                                + " loopback --passphrase-file '" + PASSPHRASE_FILE + "' --decrypt '" + copy
                                + "' 2>/dev/null | zstd -d | tar -t; status=$?; gpgconf --homedir \"$home\" --kill"
                                + " all; rm -rf \"$home\"; exit $status");
                assertThat(listed)
                        .contains("volumes/" + volume + "/data/file-0.bin", "volumes/" + volume + "/README.txt");

                var sidecar = Files.createTempDirectory("sealed").resolve(id + ".json");
                var json = AwsCli.runAt(server.endpoint(), "s3", "cp", where + id + ".json", sidecar.toString());
                assertThat(json.exitCode()).as(json.output()).isZero();
                assertThat(Files.readString(sidecar))
                        .contains("\"mode\":\"passphrase\"", id + ".tar.zst.gpg")
                        .doesNotContain(PASSPHRASE);
                var plain = AwsCli.runAt(
                        server.endpoint(),
                        "s3api",
                        "head-object",
                        "--bucket",
                        (String) bucket[1],
                        "--key",
                        bucket[2] + archive);
                assertThat(plain.exitCode())
                        .as("no plain copy: " + plain.output())
                        .isNotZero();
            }

            assertThat(fromBuckets.get(1))
                    .as("encrypted once: both targets hold the same ciphertext")
                    .isEqualTo(fromBuckets.get(0));
            // The encrypted copy was a temporary file beside the archive; it goes once both uploads are done.
            var deadline = System.nanoTime() + CloudFixtures.TIMEOUT.toNanos();
            while (staged(local.getParent(), id) > 0 && System.nanoTime() < deadline) {
                CloudFixtures.sleep(200);
            }
            assertThat(staged(local.getParent(), id)).isZero();

            // The local backup goes; the restore reads the first target's ciphertext with the passphrase.
            assertThat(admin(SERVER).delete("/api/v1/backups/" + id).status()).isEqualTo(200);
            var restore = admin(SERVER).post("/api/v1/backups/" + id + "/restore", "{}");
            assertThat(restore.status()).as(restore.toString()).isEqualTo(200);
            assertThat(restore.json().get("cloud_target").asText()).isEqualTo("default");
            var restored = Path.of(restore.json().get("restore_path").asText()).resolve("volumes/" + volume);
            assertThat(CloudFixtures.snapshot(restored)).isEqualTo(expected);
            assertThat(restored.resolve("data/file-1.bin")).hasSameBinaryContentAs(original.resolve("data/file-1.bin"));
            var fetched = details(SERVER, id);
            assertThat(fetched.get("archive_file").asText()).isEqualTo(id + ".tar.zst.gpg");
            assertThat(fromBuckets).contains(fetched.get("sha256").asText());
        } finally {
            var back = admin(SERVER)
                    .put(
                            "/api/v1/backups/config",
                            "{\"encryption\":\"none\",\"compression\":\""
                                    + config.get("compression").asText() + "\",\"compression_level\":"
                                    + config.get("compression_level").asInt() + "}");
            assertThat(back.status()).as(back.toString()).isEqualTo(200);
            Files.deleteIfExists(PASSPHRASE_FILE);
        }
    }

    /** The temporary encrypted copies of the backup in the folder. */
    static long staged(Path folder, String id) throws java.io.IOException {
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith("." + id + ".cloud-"))
                    .count();
        }
    }

    /**
     * OpenPGP and nothing else: the first packet is a symmetric-key (3) or public-key (1) encrypted session key;
     * no tar header or volume file name in the bytes; and zstd and gzip find no frame of theirs in it.
     */
    static void assertCiphertextOnly(Path copy, String volume) throws Exception {
        var bytes = Files.readAllBytes(copy);
        int first = bytes[0] & 0xff;
        assertThat(first & 0x80).as("an OpenPGP packet header").isNotZero();
        int tag = (first & 0x40) != 0 ? first & 0x3f : (first >> 2) & 0x0f;
        assertThat(tag).as("a session key packet, first byte %02x", first).isIn(1, 3);
        var text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain("ustar", volume, "file-0.bin", "README.txt");
        for (var decompress : java.util.List.of("zstd -dc", "gzip -dc")) {
            var attempt = Processes.run("bash", "-c", decompress + " '" + copy + "' > /dev/null");
            assertThat(attempt.exitCode())
                    .as(decompress + " " + attempt.output())
                    .isNotZero();
        }
    }
}
