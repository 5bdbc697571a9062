package com.opscenter.cloud.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CloudSettingsTest {

    static CloudSettings of(CloudProvider provider, String bucket, String endpoint, String prefix) {
        return CloudSettings.of(provider, bucket, "us-west-002", "KEYID", "SECRET", endpoint, prefix);
    }

    @Test
    void providerPresetsFillInEndpointAndAddressing() {
        assertThat(of(CloudProvider.BACKBLAZE, "b", null, null).endpoint())
                .isEqualTo("https://s3.us-west-002.backblazeb2.com");
        assertThat(of(CloudProvider.WASABI, "b", null, null).endpoint())
                .isEqualTo("https://s3.us-west-002.wasabisys.com");
        assertThat(of(CloudProvider.S3, "b", null, null).endpoint()).isNull();
        assertThat(of(CloudProvider.MINIO, "b", "http://minio:9000", null).pathStyle())
                .isTrue();
        assertThat(of(CloudProvider.S3, "b", null, null).pathStyle()).isFalse();
    }

    @Test
    void minioWithoutEndpointAndBadBucketNamesAreReported() {
        assertThat(of(CloudProvider.MINIO, "uc-cloud-backups", null, null).problems())
                .containsExactly(
                        "CLOUD_BACKUP_ENDPOINT is required for provider minio (for example http://minio:9000)");
        assertThat(of(CloudProvider.S3, "Bad_Bucket", null, null).problems())
                .singleElement()
                .asString()
                .contains("not a valid bucket name");
        assertThat(of(CloudProvider.S3, "", null, null).problems()).containsExactly("CLOUD_BACKUP_BUCKET is not set");
    }

    @Test
    void unknownProviderNamesTheKnownOnes() {
        var settings = CloudSettings.of(CloudProvider.S3, "bucket", "r", "k", "s", null, null);
        settings.provider = "dropbox";
        assertThat(settings.problems())
                .containsExactly("CLOUD_BACKUP_PROVIDER must be one of s3, backblaze, wasabi, minio, not 'dropbox'");
    }

    @Test
    void endpointsMustBeHttpWithAHostAndNoCredentials() {
        assertThat(CloudSettings.endpointProblem("https://s3.example.com")).isEmpty();
        assertThat(CloudSettings.endpointProblem("ftp://x")).get().asString().contains("http:// or https://");
        assertThat(CloudSettings.endpointProblem("file:///etc")).isPresent();
        assertThat(CloudSettings.endpointProblem("http://user:pw@host"))
                .get()
                .asString()
                .contains("credentials");
        assertThat(CloudSettings.endpointProblem("not a url")).isPresent();
    }

    @Test
    void prefixIsNormalisedAndMayNotClimb() {
        assertThat(of(CloudProvider.S3, "bucket", null, "/ops").prefix()).isEqualTo("ops/");
        assertThat(of(CloudProvider.S3, "bucket", null, "a/b/").prefix()).isEqualTo("a/b/");
        assertThat(of(CloudProvider.S3, "bucket", null, "../x").problems())
                .singleElement()
                .asString()
                .contains("..");
    }

    @Test
    void toStringNeverShowsTheKeys() {
        assertThat(of(CloudProvider.S3, "bucket", null, null).toString())
                .doesNotContain("KEYID")
                .doesNotContain("SECRET");
    }
}
