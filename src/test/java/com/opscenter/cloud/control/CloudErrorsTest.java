package com.opscenter.cloud.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** What an administrator reads when a connection to S3 fails: words, never an exception's class name. */
class CloudErrorsTest {

    /** Named like Apache HttpClient's: the S3 server closed the connection without an answer (seen in CloudIT). */
    static final class NoHttpResponseException extends IOException {
        NoHttpResponseException(String message) {
            super(message);
        }
    }

    final CloudErrors errors = new CloudErrors("http://127.0.0.1:9580", "bucket", List.of("secret-key"));

    @Test
    void aDroppedConnectionIsDescribedByItsMessage() {
        var failure = errors.translate(
                "Checking the uploaded a.tar.gz",
                SdkClientException.create(
                        "Unable to execute HTTP request",
                        new NoHttpResponseException("The target server failed to respond")));

        assertThat(failure.getMessage())
                .isEqualTo("Checking the uploaded a.tar.gz: the connection to http://127.0.0.1:9580 failed"
                        + " (The target server failed to respond)")
                .doesNotContain("Exception");
    }

    @Test
    void aFailureWithoutAMessageIsNamedInWords() {
        var failure = errors.translate(
                "Uploading a.tar.gz",
                SdkClientException.create("Unable to execute HTTP request", new NoHttpResponseException(null)));

        assertThat(failure.getMessage())
                .isEqualTo("Uploading a.tar.gz: the connection to http://127.0.0.1:9580 failed (no http response)");
        assertThat(CloudErrors.inWords(new IllegalStateException())).isEqualTo("illegal state");
        assertThat(CloudErrors.inWords(new IllegalStateException("line one\nline two")))
                .isEqualTo("line one");
    }

    @Test
    void secretsNeverReachTheMessage() {
        var failure = errors.translate("Listing", new IllegalStateException("refused key secret-key"));

        assertThat(failure.getMessage()).doesNotContain("secret-key").startsWith("Listing: refused key");
    }
}
