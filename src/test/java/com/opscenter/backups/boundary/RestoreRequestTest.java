package com.opscenter.backups.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestoreRequestTest {

    static RestoreRequest naming(String backupId) {
        return new RestoreRequest(backupId, null, true, null, null, null);
    }

    @Test
    void aBodyWithoutBackupIdGoesWithAnyPath() {
        assertThat(naming(null).conflictWith("backup-20251023-020000")).isEmpty();
        assertThat(RestoreRequest.DEFAULTS.conflictWith("backup-20251023-020000"))
                .isEmpty();
    }

    @Test
    void aBodyRepeatingThePathsIdGoesWithIt() {
        assertThat(naming("backup-20251023-020000").conflictWith("backup-20251023-020000"))
                .isEmpty();
    }

    @Test
    void aBodyNamingAnotherBackupConflictsAndSaysWhich() {
        assertThat(naming("backup-20251022-020000").conflictWith("backup-20251023-020000"))
                .hasValueSatisfying(problem -> assertThat(problem)
                        .contains("backup_id")
                        .contains("backup-20251022-020000")
                        .contains("backup-20251023-020000"));
        assertThat(naming("").conflictWith("backup-20251023-020000")).isPresent();
    }

    static RestoreRequest selecting(java.util.List<String> paths) {
        return new RestoreRequest(null, null, true, null, null, paths);
    }

    @Test
    void pathsAreOptionalAndCheckedOneByOne() {
        assertThat(RestoreRequest.DEFAULTS.pathsProblem()).isEmpty();
        assertThat(selecting(java.util.List.of("volumes/db/docs", "volumes/db/a.txt"))
                        .pathsProblem())
                .isEmpty();
        assertThat(selecting(java.util.List.of("volumes/db/docs", "/etc")).pathsProblem())
                .hasValueSatisfying(p -> assertThat(p).startsWith("paths: ").contains("'/etc'", "absolute"));
        assertThat(selecting(java.util.List.of("volumes/../x")).pathsProblem()).isPresent();
        assertThat(selecting(java.util.List.of("volumes//x")).pathsProblem()).isPresent();
        assertThat(selecting(java.util.List.of()).pathsProblem()).isPresent();
    }

    @Test
    void beanValidationBoundsTheListAndEachPath() {
        // Messages here are plain text: no expression language needed to interpolate them.
        try (var factory = jakarta.validation.Validation.byDefaultProvider()
                .configure()
                .messageInterpolator(new org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator())
                .buildValidatorFactory()) {
            var validator = factory.getValidator();
            assertThat(validator.validate(selecting(java.util.List.of("volumes/db/docs"))))
                    .isEmpty();
            assertThat(validator.validate(selecting(java.util.List.of())))
                    .extracting(v -> v.getMessage())
                    .containsExactly("names 1 to 1000 paths");
            assertThat(validator.validate(selecting(java.util.Collections.nCopies(1001, "volumes/db"))))
                    .extracting(v -> v.getMessage())
                    .containsExactly("names 1 to 1000 paths");
            assertThat(validator.validate(selecting(java.util.List.of("a".repeat(4097)))))
                    .extracting(v -> v.getMessage())
                    .containsExactly("is at most 4096 characters");
            var withNull = new java.util.ArrayList<String>();
            withNull.add(null);
            assertThat(validator.validate(selecting(withNull)))
                    .extracting(v -> v.getMessage())
                    .containsExactly("must not be null");
        }
    }
}
