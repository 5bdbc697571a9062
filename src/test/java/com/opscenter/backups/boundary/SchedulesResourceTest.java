package com.opscenter.backups.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.backups.control.InvalidBackupRequest;
import org.junit.jupiter.api.Test;

class SchedulesResourceTest {

    @Test
    void dryRunIsTrueOrFalseAndAnyOtherWordIsRefusedRatherThanReadAsPrune() {
        assertThat(SchedulesResource.dryRun(null)).isFalse();
        assertThat(SchedulesResource.dryRun("false")).isFalse();
        assertThat(SchedulesResource.dryRun("true")).isTrue();
        for (var typo : new String[] {"yes", "1", "TRUE ", "", "tru"}) {
            assertThatThrownBy(() -> SchedulesResource.dryRun(typo))
                    .as(typo)
                    .isInstanceOf(InvalidBackupRequest.class)
                    .hasMessage("dry_run must be true or false");
        }
    }
}
