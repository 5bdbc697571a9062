package com.opscenter.cloud.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.backups.control.InMemoryBackupCatalog;
import com.opscenter.backups.control.InMemoryConfigStore;
import com.opscenter.it.S3ProxyServer;
import com.opscenter.platform.control.DomainException;
import com.opscenter.platform.control.TestClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cloud target that is down delays only itself: the listing and a sync without a named target go on with the
 * targets that answer, and fail only when none does. The target that answers is a real S3 server (S3Proxy); the
 * one that is down is a port nobody listens on, as a stopped provider looks.
 */
class TargetFailoverTest {

    @TempDir
    static Path tmp;

    static S3ProxyServer s3;
    static ExecutorService executor;
    static String nobodyListens;

    final TestClock clock = TestClock.at("2026-12-01T12:00:00Z");

    @BeforeAll
    static void start() throws IOException {
        s3 = S3ProxyServer.onFreePort(tmp.resolve("s3"));
        executor = Executors.newFixedThreadPool(2);
        try (var socket = new ServerSocket(0)) {
            nobodyListens = "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    @AfterAll
    static void stop() {
        s3.stop();
        executor.shutdownNow();
    }

    static CloudTarget target(String name, String endpoint, String bucket) {
        var settings = CloudSettings.of(
                        CloudProvider.MINIO,
                        bucket,
                        "us-east-1",
                        S3ProxyServer.ACCESS_KEY,
                        S3ProxyServer.SECRET_KEY,
                        endpoint,
                        name + "/")
                .withTimeouts(java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(5));
        return new CloudTarget(name, settings, ObjectStore.forTarget(name, settings, executor));
    }

    BucketCatalog catalog(CloudTarget... targets) {
        var settings = targets[0].settings();
        return new BucketCatalog(
                settings,
                CloudTargets.of(List.of(targets)),
                new InMemoryCloudCopyStore(clock),
                null, // no upload is reached: the local catalog is empty
                null, // no download is reached: the buckets are empty
                new InMemoryBackupCatalog(clock),
                InMemoryConfigStore.of(tmp.resolve("backups"), "0 2 * * *", 7),
                clock);
    }

    @Test
    void theListingFallsOverToTheNextTargetThatAnswersAndNamesTheOneThatDidNot() {
        var cloud = catalog(target("near", nobodyListens, "near-bucket"), target("far", s3.endpoint(), "far-bucket"));

        var served = cloud.listFirstAnswering();

        assertThat(served.target().name()).isEqualTo("far");
        assertThat(served.listing().backups()).isEmpty();
        assertThat(served.failed()).containsOnlyKeys("near");
        assertThat(served.failed().get("near")).contains(nobodyListens).doesNotContain(S3ProxyServer.SECRET_KEY);
    }

    @Test
    void theListingIsTheFirstTargetsWhileItAnswers() {
        var cloud = catalog(target("far", s3.endpoint(), "far-bucket"), target("near", nobodyListens, "near-bucket"));

        var served = cloud.listFirstAnswering();

        assertThat(served.target().name()).isEqualTo("far");
        assertThat(served.failed()).isEmpty();
    }

    @Test
    void theListingFailsOnlyWhenNoTargetAnswersAndThenNamesEach() {
        var cloud = catalog(target("near", nobodyListens, "near-bucket"), target("other", nobodyListens, "x-bucket"));

        assertThatThrownBy(cloud::listFirstAnswering)
                .isInstanceOfSatisfying(
                        CloudFailure.class, f -> assertThat(f.kind()).isEqualTo(DomainException.Kind.BAD_GATEWAY))
                .hasMessageContaining("near: ")
                .hasMessageContaining("other: ");
    }

    @Test
    void aSyncWithoutTargetSyncsEveryTargetThatAnswersAndReportsTheOneThatDidNot() {
        var cloud = catalog(target("near", nobodyListens, "near-bucket"), target("far", s3.endpoint(), "far-bucket"));

        for (var direction : List.of("upload", "download")) {
            var results = cloud.syncEvery(direction, null, "alice");

            assertThat(results).extracting(BucketCatalog.TargetSync::target).containsExactly("near", "far");
            assertThat(results.get(0).answered()).isFalse();
            assertThat(results.get(0).error()).contains(nobodyListens);
            assertThat(results.get(1).answered()).isTrue();
            assertThat(results.get(1).report().direction()).isEqualTo(direction);
            assertThat(results.get(1).report().failed()).isEmpty();
        }
    }

    @Test
    void aSyncFromOneTargetGoesToEveryOtherOne() {
        var cloud = catalog(
                target("near", s3.endpoint(), "near-bucket"),
                target("far", s3.endpoint(), "far-bucket"),
                target("gone", nobodyListens, "gone-bucket"));

        var results = cloud.syncEvery("upload", "near", "alice");

        assertThat(results).extracting(BucketCatalog.TargetSync::target).containsExactly("far", "gone");
        assertThat(results.get(0).answered()).isTrue();
        assertThat(results.get(1).answered()).isFalse();
        assertThatThrownBy(() -> cloud.syncEvery("download", "near", "alice")).isInstanceOf(InvalidCloudRequest.class);
    }

    @Test
    void aSyncFailsOnlyWhenNoTargetAnswers() {
        var cloud = catalog(target("near", nobodyListens, "near-bucket"), target("other", nobodyListens, "x-bucket"));

        assertThatThrownBy(() -> cloud.syncEvery("upload", null, "alice"))
                .isInstanceOfSatisfying(
                        CloudFailure.class, f -> assertThat(f.kind()).isEqualTo(DomainException.Kind.BAD_GATEWAY))
                .hasMessageContaining("near: ")
                .hasMessageContaining("other: ");
    }
}
