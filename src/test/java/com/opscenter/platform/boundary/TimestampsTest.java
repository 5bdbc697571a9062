package com.opscenter.platform.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void instantsAreIsoUtcToTheSecond() {
        assertThat(Timestamps.iso(Instant.parse("2025-10-23T02:00:00.987Z"))).isEqualTo("2025-10-23T02:00:00Z");
        assertThat(Timestamps.iso(null)).isNull();
    }

    @Test
    void durationsPrintLikePythonTimedelta() {
        assertThat(Timestamps.duration(Duration.ofSeconds(930))).isEqualTo("0:15:30");
        assertThat(Timestamps.duration(Duration.ofHours(26).plusSeconds(5))).isEqualTo("26:00:05");
        assertThat(Timestamps.durationMicros(Duration.ofSeconds(83).plusNanos(456_789_123)))
                .isEqualTo("0:01:23.456789");
        assertThat(Timestamps.durationMicros(Duration.ZERO)).isEqualTo("0:00:00.000000");
        assertThat(Timestamps.durationMicros(Duration.ofNanos(1_999))).isEqualTo("0:00:00.000001");
        assertThat(Timestamps.durationMicros(Duration.ofHours(26))).isEqualTo("26:00:00.000000");
    }
}
