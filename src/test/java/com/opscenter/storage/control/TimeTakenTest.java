package com.opscenter.storage.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeTakenTest {

    @Test
    void formatsLikePythonsTimedelta() {
        assertThat(TimeTaken.format(Duration.ofSeconds(83).plusNanos(456_789_000))).isEqualTo("0:01:23.456789");
        assertThat(TimeTaken.format(Duration.ofHours(2).plusMinutes(3).plusSeconds(4))).isEqualTo("2:03:04.000000");
        assertThat(TimeTaken.format(Duration.ofNanos(1_999))).isEqualTo("0:00:00.000001");
        assertThat(TimeTaken.format(Duration.ofHours(26))).isEqualTo("26:00:00.000000");
    }
}
