package com.opscenter.platform.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.bind.annotation.JsonbProperty;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrictRequestBodiesTest {

    record Restore(
            @JsonbProperty("restore_path") String restorePath,
            @JsonbProperty("verify_before_restore") Boolean verifyBeforeRestore,
            @JsonbProperty("retention_days") Integer retentionDays,
            List<String> volumes) {}

    static java.util.Optional<String> problem(String json) {
        return StrictRequestBodies.problemWith(
                Json.createReader(new StringReader(json)).readValue(), Restore.class);
    }

    @Test
    void wellFormedBodiesPass() {
        assertThat(problem("{\"restore_path\":\"/r\",\"verify_before_restore\":false,\"retention_days\":3,"
                        + "\"volumes\":[\"a\"]}"))
                .isEmpty();
        assertThat(problem("{}")).isEmpty();
        assertThat(problem("{\"verify_before_restore\":null}")).isEmpty();
    }

    @Test
    void aStringWhereABooleanBelongsIsRefused() {
        assertThat(problem("{\"verify_before_restore\":\"yes\"}"))
                .hasValueSatisfying(p -> assertThat(p).contains("verify_before_restore must be true or false"));
    }

    @Test
    void unknownFieldsAreRefusedByName() {
        assertThat(problem("{\"verify_before_restor\":false}"))
                .hasValueSatisfying(p -> assertThat(p).contains("Unknown field(s) [verify_before_restor]"));
    }

    record Cleanup(Boolean dryRun, Integer keepLast) {}

    @Test
    void componentsWithoutAnnotationAreKnownByTheirSnakeCaseName() {
        var snake = Json.createReader(new StringReader("{\"dry_run\":true,\"keep_last\":\"3\"}"))
                .readValue();
        assertThat(StrictRequestBodies.problemWith(snake, Cleanup.class))
                .contains("keep_last must be a number, not \"3\"");
        var camel = Json.createReader(new StringReader("{\"dryRun\":true}")).readValue();
        assertThat(StrictRequestBodies.problemWith(camel, Cleanup.class))
                .hasValueSatisfying(p -> assertThat(p).contains("Unknown field(s) [dryRun]"));
    }

    @Test
    void wrongTypesAreRefused() {
        assertThat(problem("{\"retention_days\":\"7\"}")).contains("retention_days must be a number, not \"7\"");
        assertThat(problem("{\"restore_path\":5}")).contains("restore_path must be a string, not 5");
        assertThat(problem("{\"volumes\":\"a\"}")).contains("volumes must be a list, not \"a\"");
        assertThat(problem("[1]")).contains("The request body must be a JSON object");
    }

    record Settings(Boolean enabled, Integer fullEveryDays) {}

    record Config(String schedule, Settings incremental) {}

    static java.util.Optional<String> config(String json) {
        return StrictRequestBodies.problemWith(
                Json.createReader(new StringReader(json)).readValue(), Config.class);
    }

    @Test
    void nestedObjectsAreHeldToTheirRecordAndNamedWithTheirParent() {
        assertThat(config("{\"incremental\":{\"enabled\":true,\"full_every_days\":3}}"))
                .isEmpty();
        assertThat(config("{\"incremental\":null}")).isEmpty();
        assertThat(config("{\"incremental\":true}")).contains("incremental must be an object, not true");
        assertThat(config("{\"incremental\":{\"enabled\":\"yes\"}}"))
                .contains("incremental: enabled must be true or false, not \"yes\"");
        assertThat(config("{\"incremental\":{\"full_every_days\":\"7\"}}"))
                .contains("incremental: full_every_days must be a number, not \"7\"");
        assertThat(config("{\"incremental\":{\"every_days\":7}}"))
                .hasValueSatisfying(p -> assertThat(p).contains("incremental: Unknown field(s) [every_days]"));
    }
}
