package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackupIdsTest {

    private final Clock clock = Clock.fixed(Instant.parse("2025-10-23T14:30:00Z"), ZoneOffset.UTC);

    @Test
    void idFollowsTheSpecFormat() {
        assertThat(new BackupIds(clock).next(id -> false)).isEqualTo("backup-20251023-143000");
    }

    @Test
    void twoBackupsInTheSameSecondGetDistinctIds() {
        BackupIds ids = new BackupIds(clock);
        assertThat(ids.next(id -> false)).isEqualTo("backup-20251023-143000");
        assertThat(ids.next(id -> false)).isEqualTo("backup-20251023-143000-2");
        assertThat(ids.next(id -> false)).isEqualTo("backup-20251023-143000-3");
    }

    @Test
    void idsAlreadyStoredAreSkipped() {
        Set<String> stored = Set.of("backup-20251023-143000", "backup-20251023-143000-2");
        assertThat(new BackupIds(clock).next(stored::contains)).isEqualTo("backup-20251023-143000-3");
    }

    @Test
    void onlyWellFormedIdsAreValid() {
        assertThat(BackupIds.isValid("backup-20251023-143000-2")).isTrue();
        assertThat(BackupIds.isValid("backup-20251023-143000/../../etc")).isFalse();
        assertThat(BackupIds.isValid("../backup-20251023-143000")).isFalse();
    }
}
