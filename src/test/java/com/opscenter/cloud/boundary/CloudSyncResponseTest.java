package com.opscenter.cloud.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.cloud.control.BucketCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The answer of a sync per target: each target's own result, and the spec's lists over all of them. */
class CloudSyncResponseTest {

    static final String A = "backup-20261201-120000";
    static final String B = "backup-20261201-130000";

    @Test
    void oneTargetAnswersAsEver() {
        var response = CloudSyncResponse.of(
                "upload",
                List.of(new BucketCatalog.TargetSync(
                        "default",
                        new BucketCatalog.SyncReport("upload", List.of(A), Map.of(B, "already in the cloud"), Map.of()),
                        null)));

        assertThat(response.success()).isTrue();
        assertThat(response.copied()).containsExactly(A);
        assertThat(response.skipped()).containsExactly(new CloudSyncResponse.Entry(B, "already in the cloud"));
        assertThat(response.message()).isEqualTo("Copied 1, skipped 1, failed 0");
        assertThat(response.targets()).hasSize(1);
    }

    @Test
    void aTargetThatDidNotAnswerIsReportedAndTheOthersCount() {
        var response = CloudSyncResponse.of(
                "upload",
                List.of(
                        new BucketCatalog.TargetSync("default", null, "the S3 endpoint is unreachable"),
                        new BucketCatalog.TargetSync(
                                "offsite",
                                new BucketCatalog.SyncReport("upload", List.of(A), Map.of(), Map.of(B, "HTTP 500")),
                                null)));

        assertThat(response.success()).isFalse();
        assertThat(response.direction()).isEqualTo("upload");
        assertThat(response.copied()).containsExactly(A);
        assertThat(response.failed()).containsExactly(new CloudSyncResponse.Entry(B, "offsite: HTTP 500"));
        assertThat(response.message()).contains("not synced: default (the S3 endpoint is unreachable)");
        var down = response.targets().get(0);
        assertThat(down.target()).isEqualTo("default");
        assertThat(down.success()).isFalse();
        assertThat(down.error()).isEqualTo("the S3 endpoint is unreachable");
        var up = response.targets().get(1);
        assertThat(up.copied()).containsExactly(A);
        assertThat(up.failed()).containsExactly(new CloudSyncResponse.Entry(B, "HTTP 500"));
        assertThat(up.error()).isNull();
    }

    @Test
    void aBackupCopiedToTwoTargetsIsListedOnce() {
        var report = new BucketCatalog.SyncReport("upload", List.of(A), Map.of(), Map.of());
        var response = CloudSyncResponse.of(
                "upload",
                List.of(
                        new BucketCatalog.TargetSync("default", report, null),
                        new BucketCatalog.TargetSync("offsite", report, null)));

        assertThat(response.copied()).containsExactly(A);
        assertThat(response.success()).isTrue();
    }
}
