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

    @Test
    void countIsAWholeNumberAndFiveWhenAbsent() {
        assertThat(SchedulesResource.count(null)).isEqualTo(5);
        assertThat(SchedulesResource.count("12")).isEqualTo(12);
        // Out of range is the control's to refuse, with the range in the message.
        assertThat(SchedulesResource.count("0")).isZero();
        for (var bad : new String[] {"", "five", "2.5", "99999999999"}) {
            assertThatThrownBy(() -> SchedulesResource.count(bad))
                    .as(bad)
                    .isInstanceOf(InvalidBackupRequest.class)
                    .hasMessage("count: must be a whole number from 1 to 20");
        }
    }
}
