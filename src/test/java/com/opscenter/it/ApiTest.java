package com.opscenter.it;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared test client's guard: which answers fail a test that did not declare it expects a server error. */
class ApiTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "java.lang.IllegalStateException\n\tat com.opscenter.backups.control.Archiver.run(Archiver.java:12)",
                "{\"detail\":\"boom\\n\\tat com.opscenter.X.y(X.java:3)\"}",
                "{\"detail\":\"java.io.UncheckedIOException: disk full\"}",
                "{\"detail\":\"failed: NullPointerException: Cannot invoke\"}",
                "{\"detail\":\"x\",\"stack\":[]}",
                "Error 500: jakarta.ws.rs.ProcessingException"
            })
    void stackTracesFailTheTest(String body) {
        assertThatThrownBy(() -> Api.assertNoServerError("GET /x", 400, body))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("stack trace");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"detail\":\"Volume at /var/lib/docker is not readable\"}",
                "{\"detail\":\"Cloud upload failed: the S3 endpoint 127.0.0.1:9 is unreachable\"}",
                "{\"backups\":[],\"stack_size\":3}",
                ""
            })
    void ordinaryAnswersPass(String body) {
        assertThatCode(() -> Api.assertNoServerError("GET /x", 200, body)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"detail\":\"Internal error\"}"})
    void aStatus500FailsTheTest(String body) {
        assertThatThrownBy(() -> Api.assertNoServerError("GET /x", 500, body))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("answered 500");
    }
}
