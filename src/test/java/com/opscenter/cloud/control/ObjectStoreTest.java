package com.opscenter.cloud.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.it.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 client, uploader and error translation against a real S3 server (S3Proxy, signatures checked). */
class ObjectStoreTest {

    private static final long MIB = 1 << 20;

    @TempDir
    static Path tmp;

    static S3ProxyServer s3;
    static ExecutorService executor;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.onFreePort(tmp.resolve("s3"));
        executor = Executors.newFixedThreadPool(4);
    }

    @AfterAll
    static void stopS3() {
        s3.stop();
        executor.shutdownNow();
    }

    static CloudSettings settings(String bucket) {
        return CloudSettings.of(
                        CloudProvider.MINIO,
                        bucket,
                        "us-east-1",
                        S3ProxyServer.ACCESS_KEY,
                        S3ProxyServer.SECRET_KEY,
                        s3.endpoint(),
                        "ops/")
                .withTransfer(5, 5, 3, 0);
    }

    static ObjectStore store(CloudSettings settings) {
        return ObjectStore.standalone(settings, executor);
    }

    @Test
    void createsAMissingBucketAndSaysThatThisServerHasNoVersioning() {
        var store = store(settings("created-bucket"));
        var state = store.check(true);
        assertThat(state.reachable()).isTrue();
        assertThat(state.versioning()).startsWith("unsupported by this server");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void smallFileGoesInOnePutWithItsMd5CheckedAndMetadataKept() throws IOException {
        var store = store(settings("small-files"));
        store.requireBucket();
        var file = randomFile("small.bin", 300_000);
        var progress = new AtomicLong();
        var uploaded = store.upload(
                file,
                store.key("small.bin"),
                "application/octet-stream",
                Map.of("sha256", "abc"),
                (sent, total) -> progress.set(sent));

        assertThat(uploaded.parts()).isEqualTo(1);
        assertThat(uploaded.etag()).isEqualTo(HexFormat.of().formatHex(MultipartUploader.md5Of(file)));
        assertThat(progress.get()).isEqualTo(300_000);
        assertThat(download(store, "ops/small.bin")).isEqualTo(Files.readAllBytes(file));
        assertThat(store.client()
                        .headObject(b -> b.bucket("small-files").key("ops/small.bin"))
                        .metadata())
                .containsEntry("sha256", "abc");
    }

    @Test
    void largeFileGoesInPartsAndTheCompositeEtagMatches() throws Exception {
        var store = store(settings("large-files"));
        store.requireBucket();
        var file = randomFile("large.bin", 23 * MIB + 12345);
        var progress = new AtomicLong();
        var uploaded = store.upload(
                file,
                store.key("large.bin"),
                "application/octet-stream",
                Map.of(),
                (sent, total) -> progress.accumulateAndGet(sent, Math::max));

        assertThat(uploaded.parts()).isEqualTo(5);
        assertThat(uploaded.etag()).endsWith("-5");
        assertThat(progress.get()).isEqualTo(Files.size(file));
        assertThat(sha256(download(store, "ops/large.bin"))).isEqualTo(sha256(Files.readAllBytes(file)));
        assertThat(store.client()
                        .listMultipartUploads(b -> b.bucket("large-files"))
                        .uploads())
                .isEmpty();
    }

    @Test
    void serverGoneMidUploadIsATransientFailureAndLeavesNoPartsBehindOnceCleanedUp() throws Exception {
        var own = S3ProxyServer.onFreePort(tmp.resolve("s3-dies"));
        var settings = CloudSettings.of(
                        CloudProvider.MINIO,
                        "dies",
                        "us-east-1",
                        S3ProxyServer.ACCESS_KEY,
                        S3ProxyServer.SECRET_KEY,
                        own.endpoint(),
                        "")
                .withTransfer(5, 5, 2, 4096)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
        var store = store(settings);
        store.requireBucket();
        var file = randomFile("dies.bin", 20 * MIB);
        var progress = new AtomicLong();
        var killer = new Thread(() -> {
            while (progress.get() < 2 * MIB) {
                Thread.onSpinWait();
            }
            own.stop();
        });
        killer.start();

        assertThatThrownBy(() -> store.upload(
                        file, "dies.bin", "application/octet-stream", Map.of(), (sent, total) -> progress.set(sent)))
                .isInstanceOfSatisfying(CloudFailure.class, failure -> {
                    assertThat(failure.permanent()).isFalse();
                    assertThat(failure.staleUploadId())
                            .as("the abort could not reach the server")
                            .isNotNull();
                });
        killer.join();

        own.start();
        try {
            var uploader = store.uploader();
            assertThat(uploader.abortAllUnder("dies.bin")).isEqualTo(1);
            assertThat(store.client()
                            .listMultipartUploads(b -> b.bucket("dies"))
                            .uploads())
                    .isEmpty();
            var retried = ObjectStore.standalone(settings.withTransfer(5, 5, 2, 0), executor)
                    .upload(file, "dies.bin", "application/octet-stream", Map.of(), (sent, total) -> {});
            assertThat(retried.parts()).isEqualTo(4);
        } finally {
            own.stop();
        }
    }

    @Test
    void wrongSecretIsAPermanentFailureThatNamesTheVariablesAndNotTheSecret() {
        var settings = CloudSettings.of(
                CloudProvider.MINIO,
                "any-bucket",
                "us-east-1",
                S3ProxyServer.ACCESS_KEY,
                "wrong-secret-value-123",
                s3.endpoint(),
                "");
        var state = store(settings).check(true);
        assertThat(state.reachable()).isFalse();
        assertThat(state.problem())
                .contains("refused the credentials")
                .contains("CLOUD_BACKUP_SECRET_KEY")
                .doesNotContain("wrong-secret-value-123")
                .doesNotContain(S3ProxyServer.ACCESS_KEY);
        assertThatThrownBy(() -> store(settings).requireBucket())
                .isInstanceOfSatisfying(
                        CloudFailure.class, f -> assertThat(f.permanent()).isTrue());
    }

    @Test
    void aNamedTargetsRefusedCredentialsNameItsOwnVariables() {
        var settings = CloudSettings.of(
                CloudProvider.MINIO,
                "any-bucket",
                "us-east-1",
                S3ProxyServer.ACCESS_KEY,
                "wrong-offsite-secret-456",
                s3.endpoint(),
                "");
        var offsite = ObjectStore.forTarget("offsite", settings, executor);

        var state = offsite.check(true);

        assertThat(state.reachable()).isFalse();
        assertThat(state.problem())
                .contains("refused the credentials")
                .contains("CLOUD_BACKUP_OFFSITE_ACCESS_KEY", "CLOUD_BACKUP_OFFSITE_SECRET_KEY")
                .doesNotContain("CLOUD_BACKUP_ACCESS_KEY", "CLOUD_BACKUP_SECRET_KEY")
                .doesNotContain("wrong-offsite-secret-456");
        // A failure translated before the client exists (an upload refused early) names them too.
        var early = ObjectStore.forTarget("offsite", settings, executor)
                .errorsOrPlain()
                .translate(
                        "Uploading x",
                        software.amazon.awssdk.services.s3.model.S3Exception.builder()
                                .statusCode(403)
                                .build());
        assertThat(early.getMessage()).contains("CLOUD_BACKUP_OFFSITE_SECRET_KEY");
        offsite.close();
    }

    @Test
    void aNamedTargetsMissingBucketNamesItsOwnVariables() {
        var settings = CloudSettings.of(
                        CloudProvider.MINIO,
                        "never-created-far",
                        "us-east-1",
                        S3ProxyServer.ACCESS_KEY,
                        S3ProxyServer.SECRET_KEY,
                        s3.endpoint(),
                        "")
                .withCreateBucket(false);
        var offsite = ObjectStore.forTarget("offsite", settings, executor);

        var state = offsite.check(true);

        assertThat(state.problem())
                .contains("never-created-far")
                .contains("CLOUD_BACKUP_OFFSITE_")
                .doesNotContain("CLOUD_BACKUP_CREATE_BUCKET");
        offsite.close();
    }

    @Test
    void unknownBucketIsReportedWhenCreatingIsSwitchedOff() {
        var state = store(settings("never-created").withCreateBucket(false)).check(true);
        assertThat(state.reachable()).isFalse();
        assertThat(state.problem())
                .contains("Bucket never-created does not exist")
                .contains("CLOUD_BACKUP_CREATE_BUCKET");
    }

    @Test
    void unreachableEndpointIsReportedAndNotAsPermanent() throws IOException {
        var closedPort = S3ProxyServer.freePort();
        var settings = CloudSettings.of(
                        CloudProvider.MINIO, "bucket", "us-east-1", "a", "b", "http://127.0.0.1:" + closedPort, "")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
        var state = store(settings).check(true);
        assertThat(state.reachable()).isFalse();
        assertThat(state.problem()).contains("is unreachable").contains("127.0.0.1:" + closedPort);
        assertThatThrownBy(() -> store(settings).requireBucket())
                .as("worth retrying")
                .isInstanceOfSatisfying(
                        CloudFailure.class, f -> assertThat(f.permanent()).isFalse());
    }

    /** No retry storm, counted in connections: an endpoint that hangs up on every request is asked a few times. */
    @Test
    void anEndpointThatHangsUpIsAskedABoundedNumberOfTimes() throws Exception {
        var connections = new java.util.concurrent.atomic.AtomicInteger();
        try (var socket = new java.net.ServerSocket(0)) {
            var acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (var connection = socket.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            var settings = CloudSettings.of(
                            CloudProvider.MINIO,
                            "bucket",
                            "us-east-1",
                            "a",
                            "b",
                            "http://127.0.0.1:" + socket.getLocalPort(),
                            "")
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));

            assertThatThrownBy(() -> store(settings).requireBucket())
                    .isInstanceOfSatisfying(
                            CloudFailure.class, f -> assertThat(f.permanent()).isFalse());
        }
        // requireBucket checks twice (a remembered failure is not trusted); each check's HEAD is tried a few times
        // by the SDK and its HTTP client (8 connections in all today). A retry loop would be dozens.
        assertThat(connections.get()).isBetween(2, 10);
    }

    @Test
    void endpointThatIsNotHttpIsAConfigurationProblemBeforeAnyRequest() {
        var settings =
                CloudSettings.of(CloudProvider.MINIO, "bucket", "us-east-1", "a", "b", "ftp://files.example", "");
        assertThat(settings.problems())
                .containsExactly("CLOUD_BACKUP_ENDPOINT must be an http:// or https:// URL, not 'ftp://files.example'");
        assertThat(store(settings).check(true).problem()).startsWith("Cloud backup is misconfigured: ");
    }

    @Test
    void cachedCheckDoesNotAskTheServerAgain() {
        var own = S3ProxyServer.onFreePort(tmp.resolve("s3-cache"));
        var store = store(CloudSettings.of(
                CloudProvider.MINIO,
                "cached",
                "us-east-1",
                S3ProxyServer.ACCESS_KEY,
                S3ProxyServer.SECRET_KEY,
                own.endpoint(),
                ""));
        assertThat(store.check(false).reachable()).isTrue();
        own.stop();
        assertThat(store.check(false).reachable()).as("answered from memory").isTrue();
        assertThat(store.check(true).reachable()).isFalse();
    }

    @Test
    void anObjectLargerThanItsSidecarSaysIsRefusedAndOnlyThatMuchIsWritten() throws IOException {
        var store = store(settings("bounded-downloads"));
        store.requireBucket();
        var file = randomFile("bigger.bin", 3 * MIB);
        store.upload(file, store.key("bigger.bin"), "application/octet-stream", Map.of(), (sent, total) -> {});
        var out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> store.download("ops/bigger.bin", out, MIB))
                .isInstanceOf(CloudFailure.class)
                .hasMessageContaining("its sidecar says");
        assertThat(out.size()).isLessThanOrEqualTo((int) MIB);
    }

    @Test
    void aSidecarObjectOverTheLimitIsRefusedUnread() throws IOException {
        var store = store(settings("bounded-sidecars"));
        store.requireBucket();
        var file = randomFile("huge.json", 2 * MIB);
        store.upload(file, store.key("huge.json"), "application/json", Map.of(), (sent, total) -> {});

        assertThatThrownBy(() -> store.readSmall("ops/huge.json", MIB))
                .isInstanceOf(CloudFailure.class)
                .hasMessageContaining("too large for a sidecar");
        assertThat(store.readSmall("ops/huge.json", 3 * MIB)).hasSize((int) (2 * MIB));
    }

    static Path randomFile(String name, long size) throws IOException {
        var file = tmp.resolve(name);
        var random = new Random(size);
        var buffer = new byte[1 << 20];
        try (var out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; ) {
                random.nextBytes(buffer);
                var n = (int) Math.min(buffer.length, left);
                out.write(buffer, 0, n);
                left -= n;
            }
        }
        return file;
    }

    static byte[] download(ObjectStore store, String key) {
        var out = new ByteArrayOutputStream();
        store.download(key, out, Long.MAX_VALUE);
        return out.toByteArray();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
