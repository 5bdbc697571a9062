package com.opscenter.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The period an alert allows a schedule: the longest wait between two of its scheduled times. */
class CronExpressionLongestGapTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "* * * * *          | PT1M",
                "*/20 * * * *       | PT20M",
                "0 2 * * *          | PT24H",
                "0 3 * * 0          | P7D",
                // Weekdays at 09:00: Friday to Monday.
                "0 9 * * 1-5        | P3D",
                // Every minute in office hours on weekdays: Friday 17:59 to Monday 09:00.
                "* 9-17 * * 1-5     | PT63H1M",
                // Monthly on the 1st: the longest month between.
                "0 1 1 * *          | P31D",
                // Only in January: from 31 January to the next 1 January, longest across the leap year 2028.
                "0 0 * 1 *          | P336D",
                "0 0 1 1 *          | P366D",
            })
    void longestGapBetweenTwoScheduledTimes(String cron, Duration gap) {
        var from = LocalDateTime.parse("2025-10-23T10:00").atZone(ZoneOffset.UTC);
        assertThat(CronExpression.parse(cron).longestGap(from)).isEqualTo(gap);
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {"0 2 * * * | PT25H", "30 1 * * * | PT25H"})
    void aDaylightSavingChangeLengthensTheLongestDay(String cron, Duration gap) {
        // Berlin's autumn change (26 October 2025) makes one day 25 hours long.
        var from = LocalDateTime.parse("2025-10-23T10:00").atZone(ZoneId.of("Europe/Berlin"));
        assertThat(CronExpression.parse(cron).longestGap(from)).isEqualTo(gap);
    }
}
