package com.opscenter.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronExpressionCatchUpTest {

    private static final CronExpression DAILY_AT_TWO = CronExpression.parse("0 2 * * *");

    @Test
    void downtimeOverSeveralScheduledTimesYieldsOnlyTheLatestOne() {
        ZonedDateTime lastRun = utc(2025, 10, 20, 2, 0);
        ZonedDateTime now = utc(2025, 10, 23, 10, 0);

        assertThat(DAILY_AT_TWO.latestMissed(lastRun, now)).contains(utc(2025, 10, 23, 2, 0));
    }

    @Test
    void nothingIsMissedWhenNoScheduledTimeFellInTheDowntime() {
        ZonedDateTime lastRun = utc(2025, 10, 23, 2, 0);
        ZonedDateTime now = utc(2025, 10, 24, 1, 59);

        assertThat(DAILY_AT_TWO.latestMissed(lastRun, now)).isEmpty();
    }

    @Test
    void aScheduledTimeEqualToNowCountsAsMissed() {
        assertThat(DAILY_AT_TWO.latestMissed(utc(2025, 10, 22, 2, 0), utc(2025, 10, 23, 2, 0)))
                .contains(utc(2025, 10, 23, 2, 0));
    }

    @Test
    void theLastRunItselfIsNotMissed() {
        assertThat(DAILY_AT_TWO.latestMissed(utc(2025, 10, 23, 2, 0), utc(2025, 10, 23, 2, 0, 30)))
                .isEmpty();
    }

    @Test
    void nothingIsMissedWhenNowIsNotAfterTheLastRun() {
        assertThat(DAILY_AT_TWO.latestMissed(utc(2025, 10, 25, 3, 0), utc(2025, 10, 23, 3, 0)))
                .isEmpty();
    }

    @Test
    void frequentSchedulesCatchUpOnTheMostRecentTickOnly() {
        CronExpression everyHalfHour = CronExpression.parse("*/30 * * * *");
        ZonedDateTime start = utc(2025, 10, 23, 10, 0);

        assertThat(everyHalfHour.latestMissed(start, utc(2025, 10, 23, 10, 29))).isEmpty();
        assertThat(everyHalfHour.latestMissed(start, utc(2025, 10, 23, 10, 30))).contains(utc(2025, 10, 23, 10, 30));
        assertThat(everyHalfHour.latestMissed(start, utc(2025, 10, 23, 17, 12))).contains(utc(2025, 10, 23, 17, 0));
    }

    @Test
    void previousIsTheLastScheduledTimeStrictlyBefore() {
        assertThat(DAILY_AT_TWO.previous(utc(2025, 10, 23, 2, 0))).isEqualTo(utc(2025, 10, 22, 2, 0));
        assertThat(DAILY_AT_TWO.previous(utc(2025, 10, 23, 2, 0, 1))).isEqualTo(utc(2025, 10, 23, 2, 0));
    }

    @Test
    void previousSkipsMonthsWithoutTheDay() {
        CronExpression lastDayThirtyOne = CronExpression.parse("0 0 31 * *");

        assertThat(lastDayThirtyOne.previous(utc(2025, 5, 1, 0, 0))).isEqualTo(utc(2025, 3, 31, 0, 0));
        assertThat(CronExpression.parse("0 0 29 2 *").previous(utc(2028, 2, 28, 0, 0)))
                .isEqualTo(utc(2024, 2, 29, 0, 0));
    }

    private static ZonedDateTime utc(int year, int month, int day, int hour, int minute) {
        return utc(year, month, day, hour, minute, 0);
    }

    private static ZonedDateTime utc(int year, int month, int day, int hour, int minute, int second) {
        return ZonedDateTime.of(year, month, day, hour, minute, second, 0, ZoneOffset.UTC);
    }
}
