package com.opscenter.backups.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestoreRequestTest {

    static RestoreRequest naming(String backupId) {
        return new RestoreRequest(backupId, null, true, null, null);
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
}
