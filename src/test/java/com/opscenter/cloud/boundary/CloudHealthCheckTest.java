package com.opscenter.cloud.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.cloud.control.CloudFailure;
import com.opscenter.cloud.control.CloudProvider;
import com.opscenter.cloud.control.CloudSettings;
import com.opscenter.cloud.control.CloudTarget;
import com.opscenter.cloud.control.CloudTargets;
import com.opscenter.cloud.control.ObjectStore;
import com.opscenter.it.S3ProxyServer;
import com.opscenter.platform.PlainHealthResponses;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Readiness and the API status for configurations that cannot work. The unreachable endpoint is a real closed
 * port; the reachable-but-refusing cases run against S3Proxy in ObjectStoreTest and CloudMisconfiguredIT.
 */
class CloudHealthCheckTest {

    @BeforeAll
    static void plainResponses() {
        PlainHealthResponses.install();
    }

    static CloudHealthCheck checkOf(CloudSettings settings) {
        var check = new CloudHealthCheck();
        check.settings = settings;
        check.targets = CloudTargets.of(List.of(new CloudTarget(
                "default", settings, ObjectStore.standalone(settings, Executors.newSingleThreadExecutor()))));
        return check;
    }

    @Test
    void endpointThatIsNotHttpIsDownWithTheReason() {
        var response = checkOf(CloudSettings.of(
                        CloudProvider.MINIO, "bucket", "us-east-1", "key", "secret", "ftp://files.example", ""))
                .details();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow().get("reason").toString())
                .contains("CLOUD_BACKUP_ENDPOINT must be an http:// or https:// URL");
    }

    @Test
    void unreachableEndpointIsDownWithTheEndpointNamed() throws IOException {
        var port = S3ProxyServer.freePort();
        var settings = CloudSettings.of(
                        CloudProvider.MINIO,
                        "bucket",
                        "us-east-1",
                        "key",
                        "secret-value-1",
                        "http://127.0.0.1:" + port,
                        "")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
        var response = checkOf(settings).details();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow().get("reason").toString())
                .contains("unreachable")
                .contains("127.0.0.1:" + port)
                .doesNotContain("secret-value-1");
    }

    @Test
    void cloudOffIsUpAndSaysSo() {
        var check = new CloudHealthCheck();
        check.settings = new CloudSettings();
        var response = check.details();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getData().orElseThrow()).containsEntry("enabled", false);
    }

    /** CloudFailureMapper answers 503 for these and 502 for the rest (JAX-RS itself is not there in unit tests). */
    @Test
    void aConfigurationThatCannotWorkIsToldApartFromAnUpstreamFailure() {
        var settings = CloudSettings.of(CloudProvider.MINIO, "", "us-east-1", "key", "secret", "ftp://x", "");
        var failure = org.assertj.core.api.Assertions.catchThrowableOfType(
                CloudFailure.class,
                () -> ObjectStore.standalone(settings, Runnable::run).list());
        assertThat(failure.misconfigured()).isTrue();
        assertThat(failure.getMessage())
                .contains("CLOUD_BACKUP_BUCKET is not set")
                .contains("CLOUD_BACKUP_ENDPOINT");
        assertThat(new CloudFailure("Uploading x: the S3 endpoint is unreachable", false).misconfigured())
                .isFalse();
    }
}
