package com.opscenter.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronExpressionNextRunTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @ParameterizedTest(name = "''{0}'' after {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                // spec examples
                "0 2 * * *         | 2025-10-23T01:59    | 2025-10-23T02:00",
                "0 2 * * *         | 2025-10-23T02:00    | 2025-10-24T02:00",
                "0 2 * * *         | 2025-10-23T02:00:30 | 2025-10-24T02:00",
                "0 3 * * 0         | 2025-10-23T10:00    | 2025-10-26T03:00",
                "0 1 1 * *         | 2025-10-23T10:00    | 2025-11-01T01:00",
                "0 1 1 * *         | 2025-12-15T10:00    | 2026-01-01T01:00",
                "*/30 * * * *      | 2025-10-23T10:00    | 2025-10-23T10:30",
                "*/30 * * * *      | 2025-10-23T10:29:59 | 2025-10-23T10:30",
                "*/30 * * * *      | 2025-10-23T10:30    | 2025-10-23T11:00",
                "*/2 * * * *       | 2025-10-23T10:01    | 2025-10-23T10:02",
                "*/2 * * * *       | 2025-10-23T10:02    | 2025-10-23T10:04",
                "*/2 * * * *       | 2025-12-31T23:59    | 2026-01-01T00:00",
                // month ends and leap years
                "0 0 31 * *        | 2025-01-31T00:00    | 2025-03-31T00:00",
                "0 0 31 * *        | 2025-03-31T00:00    | 2025-05-31T00:00",
                "0 0 31 * *        | 2025-08-01T00:00    | 2025-08-31T00:00",
                "0 0 31 * *        | 2025-08-31T00:00    | 2025-10-31T00:00",
                "0 0 29 2 *        | 2024-02-29T00:00    | 2028-02-29T00:00",
                "0 0 29 2 *        | 2025-01-01T00:00    | 2028-02-29T00:00",
                "0 0 29 2 *        | 2096-03-01T00:00    | 2104-02-29T00:00",
                "59 23 31 12 *     | 2025-12-31T23:59    | 2026-12-31T23:59",
                // day-of-month OR day-of-week when both are restricted
                "0 12 1 * MON      | 2025-09-01T12:00    | 2025-09-08T12:00",
                "0 12 1 * MON      | 2025-09-29T12:00    | 2025-10-01T12:00",
                "0 12 1 * MON      | 2025-10-01T12:00    | 2025-10-06T12:00",
                "0 0 31 2 MON      | 2025-01-01T00:00    | 2025-02-03T00:00",
                // only the restricted day field applies when the other is '*'
                "0 0 * * 7         | 2025-10-23T10:00    | 2025-10-26T00:00",
                "0 0 1 * *         | 2025-10-23T10:00    | 2025-11-01T00:00",
                "0 0 */2 * *       | 2025-01-31T00:00    | 2025-02-01T00:00",
                // names, ranges with steps
                "0 6 * JUN-AUG SAT,sun | 2025-01-01T00:00 | 2025-06-01T06:00",
                "0-30/10 8 * * *   | 2025-10-23T08:05    | 2025-10-23T08:10",
                "0-30/10 8 * * *   | 2025-10-23T08:30    | 2025-10-24T08:00",
                "0 9-17/4 * * MON-FRI | 2025-10-24T17:00 | 2025-10-27T09:00",
            })
    void nextIsTheFirstMatchingMinuteStrictlyAfterTheGivenTime(
            String expression, LocalDateTime after, LocalDateTime expected) {
        ZonedDateTime next = CronExpression.parse(expression).next(after.atZone(ZoneOffset.UTC));

        assertThat(next).isEqualTo(expected.atZone(ZoneOffset.UTC));
    }

    @Test
    void nextAnswersInTheZoneOfItsArgumentAtSecondZero() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        ZonedDateTime after = ZonedDateTime.of(2025, 10, 23, 1, 0, 17, 123_000_000, berlin);

        ZonedDateTime next = CronExpression.parse("0 2 * * *").next(after);

        assertThat(next).isEqualTo(ZonedDateTime.of(2025, 10, 23, 2, 0, 0, 0, berlin));
        assertThat(next.getZone()).isEqualTo(berlin);
    }

    @Test
    void dayOfWeekSevenAndZeroAndSundayFireAtTheSameTimes() {
        ZonedDateTime start = ZonedDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

        List<ZonedDateTime> seven = run(CronExpression.parse("0 0 * * 7"), start, 20);

        assertThat(run(CronExpression.parse("0 0 * * 0"), start, 20)).isEqualTo(seven);
        assertThat(run(CronExpression.parse("0 0 * * Sun"), start, 20)).isEqualTo(seven);
        assertThat(seven).allSatisfy(t -> assertThat(t.getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY));
    }

    static Stream<Arguments> schedulesWithIndependentDefinitions() {
        return Stream.of(
                schedule("*/7 1-3 * * *", t -> t.getMinute() % 7 == 0 && t.getHour() >= 1 && t.getHour() <= 3),
                schedule(
                        "0 12 1 * MON",
                        t -> at(t, 12, 0) && (t.getDayOfMonth() == 1 || t.getDayOfWeek() == DayOfWeek.MONDAY)),
                schedule(
                        "15 4 */10 * 1-5",
                        t -> at(t, 4, 15)
                                && (t.getDayOfMonth() % 10 == 1
                                        || t.getDayOfWeek().getValue() <= 5)),
                schedule(
                        "0 0 13 * FRI",
                        t -> at(t, 0, 0) && (t.getDayOfMonth() == 13 || t.getDayOfWeek() == DayOfWeek.FRIDAY)),
                schedule("0 0 31 * *", t -> at(t, 0, 0) && t.getDayOfMonth() == 31),
                schedule("0 0 29 2 *", t -> at(t, 0, 0) && t.getDayOfMonth() == 29 && t.getMonthValue() == 2),
                schedule(
                        "30 6 * 2 SUN",
                        t -> at(t, 6, 30) && t.getMonthValue() == 2 && t.getDayOfWeek() == DayOfWeek.SUNDAY),
                schedule("0 0 */2 * *", t -> at(t, 0, 0) && t.getDayOfMonth() % 2 == 1),
                schedule("0 0 * * */2", t -> at(t, 0, 0) && t.getDayOfWeek().getValue() % 7 % 2 == 0),
                schedule(
                        "5 0 1-7 * */2",
                        t -> at(t, 0, 5)
                                && (t.getDayOfMonth() <= 7 || t.getDayOfWeek().getValue() % 7 % 2 == 0)),
                schedule(
                        "0,45 22-23 * JAN,MAR-MAY *",
                        t -> (t.getMinute() == 0 || t.getMinute() == 45)
                                && t.getHour() >= 22
                                && Set.of(1, 3, 4, 5).contains(t.getMonthValue())));
    }

    @ParameterizedTest(name = "''{0}''")
    @MethodSource("schedulesWithIndependentDefinitions")
    void nextAndPreviousWalkExactlyTheMinutesTheScheduleDefines(String expression, Predicate<LocalDateTime> fires) {
        CronExpression cron = CronExpression.parse(expression);
        LocalDateTime from = LocalDateTime.of(2027, 12, 1, 0, 0);
        LocalDateTime to = from.plusDays(400); // includes Feb 29, 2028
        List<ZonedDateTime> expected = new ArrayList<>();
        for (LocalDateTime t = from.plusMinutes(1); t.isBefore(to); t = t.plusMinutes(1)) {
            if (fires.test(t)) {
                expected.add(t.atZone(ZoneOffset.UTC));
            }
        }

        List<ZonedDateTime> forward = new ArrayList<>();
        for (ZonedDateTime t = cron.next(from.atZone(ZoneOffset.UTC));
                t.toLocalDateTime().isBefore(to);
                t = cron.next(t)) {
            forward.add(t);
        }
        List<ZonedDateTime> backward = new ArrayList<>();
        for (ZonedDateTime t = cron.previous(to.atZone(ZoneOffset.UTC));
                t.toLocalDateTime().isAfter(from);
                t = cron.previous(t)) {
            backward.add(t);
        }
        Collections.reverse(backward);

        assertThat(expected).isNotEmpty();
        assertThat(forward).isEqualTo(expected);
        assertThat(backward).isEqualTo(expected);
    }

    @Test
    void aTimeSkippedBySpringForwardRunsAtTheEndOfTheGap() {
        CronExpression cron = CronExpression.parse("30 2 * * *");
        ZonedDateTime beforeGap = ZonedDateTime.of(2025, 3, 9, 1, 0, 0, 0, NEW_YORK);

        ZonedDateTime inGap = cron.next(beforeGap);

        assertThat(inGap.toOffsetDateTime()).hasToString("2025-03-09T03:00-04:00");
        assertThat(cron.next(inGap).toOffsetDateTime()).hasToString("2025-03-10T02:30-04:00");
    }

    @Test
    void allTimesSkippedBySpringForwardCollapseIntoOneRun() {
        CronExpression cron = CronExpression.parse("*/30 * * * *");

        List<ZonedDateTime> runs = run(cron, ZonedDateTime.of(2025, 3, 9, 1, 0, 0, 0, NEW_YORK), 3);

        assertThat(runs)
                .extracting(t -> t.toOffsetDateTime().toString())
                .containsExactly("2025-03-09T01:30-05:00", "2025-03-09T03:00-04:00", "2025-03-09T03:30-04:00");
    }

    @Test
    void aTimeRepeatedByFallBackFiresOnceAtItsFirstOccurrence() {
        CronExpression cron = CronExpression.parse("30 1 * * *");

        List<ZonedDateTime> runs = run(cron, ZonedDateTime.of(2025, 11, 2, 0, 0, 0, 0, NEW_YORK), 2);

        assertThat(runs)
                .extracting(t -> t.toOffsetDateTime().toString())
                .containsExactly("2025-11-02T01:30-04:00", "2025-11-03T01:30-05:00");
    }

    @Test
    void theRepeatedHourOfFallBackIsNotRunTwice() {
        CronExpression cron = CronExpression.parse("*/30 * * * *");

        List<ZonedDateTime> runs = run(cron, ZonedDateTime.of(2025, 11, 2, 0, 45, 0, 0, NEW_YORK), 3);

        assertThat(runs)
                .extracting(t -> t.toOffsetDateTime().toString())
                .containsExactly("2025-11-02T01:00-04:00", "2025-11-02T01:30-04:00", "2025-11-02T02:00-05:00");
    }

    @Test
    void startingInTheSecondPassOfARepeatedHourWaitsForTheNextNewTime() {
        CronExpression cron = CronExpression.parse("*/30 * * * *");
        ZonedDateTime secondPass =
                ZonedDateTime.of(2025, 11, 2, 1, 15, 0, 0, NEW_YORK).withLaterOffsetAtOverlap();

        assertThat(cron.next(secondPass).toOffsetDateTime()).hasToString("2025-11-02T02:00-05:00");
        assertThat(cron.previous(secondPass).toOffsetDateTime()).hasToString("2025-11-02T01:30-04:00");
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"*/30 * * * *", "30 1,2 * * *", "0 * * * *", "59 1 * * *"})
    void previousWalksBackThroughDaylightSavingChangesOverTheSameTimesAsNext(String expression) {
        CronExpression cron = CronExpression.parse(expression);
        for (ZonedDateTime from : List.of(
                ZonedDateTime.of(2025, 3, 8, 0, 0, 0, 0, NEW_YORK),
                ZonedDateTime.of(2025, 11, 1, 0, 0, 0, 0, NEW_YORK))) {
            ZonedDateTime to = from.plusDays(3);
            List<ZonedDateTime> forward = new ArrayList<>();
            for (ZonedDateTime t = cron.next(from); t.isBefore(to); t = cron.next(t)) {
                forward.add(t);
            }
            List<ZonedDateTime> backward = new ArrayList<>();
            for (ZonedDateTime t = cron.previous(to); t.isAfter(from); t = cron.previous(t)) {
                backward.add(t);
            }
            Collections.reverse(backward);

            assertThat(forward).isNotEmpty().doesNotHaveDuplicates().isSorted().isEqualTo(backward);
        }
    }

    private static List<ZonedDateTime> run(CronExpression cron, ZonedDateTime after, int count) {
        List<ZonedDateTime> runs = new ArrayList<>();
        ZonedDateTime t = after;
        for (int i = 0; i < count; i++) {
            t = cron.next(t);
            runs.add(t);
        }
        return runs;
    }

    private static boolean at(LocalDateTime t, int hour, int minute) {
        return t.getHour() == hour && t.getMinute() == minute;
    }

    private static Arguments schedule(String expression, Predicate<LocalDateTime> fires) {
        return Arguments.of(expression, fires);
    }
}
