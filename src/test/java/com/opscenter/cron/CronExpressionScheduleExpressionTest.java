package com.opscenter.cron;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ejb.ScheduleExpression;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronExpressionScheduleExpressionTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0 2 * * *          | second=0 minute=0 hour=2 dayOfMonth=* month=* dayOfWeek=* year=* timezone=UTC",
                "0 3 * * 0          | second=0 minute=0 hour=3 dayOfMonth=* month=* dayOfWeek=0 year=* timezone=UTC",
                "0 0 * * 7          | second=0 minute=0 hour=0 dayOfMonth=* month=* dayOfWeek=0 year=* timezone=UTC",
                "0 1 1 * *          | second=0 minute=0 hour=1 dayOfMonth=1 month=* dayOfWeek=* year=* timezone=UTC",
                "*/30 * * * *       | second=0 minute=0,30 hour=* dayOfMonth=* month=* dayOfWeek=* year=* timezone=UTC",
                "0-30/10 8 * * *    | second=0 minute=0,10,20,30 hour=8 dayOfMonth=* month=* dayOfWeek=* year=* timezone=UTC",
                "0 9-17 * * MON-FRI | second=0 minute=0 hour=9-17 dayOfMonth=* month=* dayOfWeek=1-5 year=* timezone=UTC",
                "0 0 */10 */3 *     | second=0 minute=0 hour=0 dayOfMonth=1,11,21,31 month=1,4,7,10 dayOfWeek=* year=* timezone=UTC",
                "0 0 * * */2        | second=0 minute=0 hour=0 dayOfMonth=* month=* dayOfWeek=0,2,4,6 year=* timezone=UTC",
                "0 0 * JUL-AUG SAT  | second=0 minute=0 hour=0 dayOfMonth=* month=7,8 dayOfWeek=6 year=* timezone=UTC",
                "0 0 1-31 * 0-6     | second=0 minute=0 hour=0 dayOfMonth=* month=* dayOfWeek=* year=* timezone=UTC",
            })
    void aSingleDayFieldBecomesOneCalendarExpressionWithStepsWrittenOut(String cron, String expected) {
        assertThat(CronExpression.parse(cron).toScheduleExpressions(UTC))
                .extracting(CronExpressionScheduleExpressionTest::describe)
                .containsExactly(expected);
    }

    @Test
    void bothDayFieldsRestrictedBecomeTwoExpressionsThatNeverCoincide() {
        List<ScheduleExpression> expressions =
                CronExpression.parse("0 12 1 * MON").toScheduleExpressions(UTC);

        assertThat(expressions)
                .extracting(CronExpressionScheduleExpressionTest::describe)
                .containsExactly(
                        "second=0 minute=0 hour=12 dayOfMonth=1 month=* dayOfWeek=* year=* timezone=UTC",
                        "second=0 minute=0 hour=12 dayOfMonth=2-31 month=* dayOfWeek=1 year=* timezone=UTC");
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0 0 31 2 MON   | second=0 minute=0 hour=0 dayOfMonth=1-30 month=2 dayOfWeek=1 year=* timezone=UTC",
                "0 0 1-29 2 MON | second=0 minute=0 hour=0 dayOfMonth=1-29 month=2 dayOfWeek=* year=* timezone=UTC",
            })
    void anExpressionThatCouldNeverFireInTheChosenMonthsIsLeftOut(String cron, String expected) {
        assertThat(CronExpression.parse(cron).toScheduleExpressions(UTC))
                .extracting(CronExpressionScheduleExpressionTest::describe)
                .containsExactly(expected);
    }

    @Test
    void theTimeZoneIsCarriedIntoEveryExpression() {
        assertThat(CronExpression.parse("0 12 1 * MON").toScheduleExpressions(ZoneId.of("Europe/Berlin")))
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.getTimezone()).isEqualTo("Europe/Berlin"));
    }

    @Test
    void fixedOffsetsAreWrittenAsTimeZoneIdsThatEjbContainersUnderstand() {
        assertThat(CronExpression.parse("0 2 * * *").toScheduleExpressions(ZoneOffset.ofHours(2)))
                .extracting(ScheduleExpression::getTimezone)
                .containsExactly("GMT+02:00");
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(
            strings = {
                "0 12 1 * MON",
                "0 0 13 * FRI",
                "0 0 1,15 * 1-5",
                "0 0 31 2 MON",
                "0 0 1-7 * */2",
                "0 0 */2 * SUN",
                "0 0 29 2 *",
                "0 0 * * 0"
            })
    void calendarExpressionsFireOnExactlyTheCronDaysAndNeverTwiceADay(String expression) {
        CronExpression cron = CronExpression.parse(expression);
        List<ScheduleExpression> calendars = cron.toScheduleExpressions(UTC);
        Set<LocalDate> cronDays = new HashSet<>();
        LocalDate from = LocalDate.of(2028, 1, 1);
        LocalDate to = LocalDate.of(2029, 1, 1);
        for (ZonedDateTime t = cron.next(from.atStartOfDay(UTC).minusNanos(1));
                t.toLocalDate().isBefore(to);
                t = cron.next(t)) {
            cronDays.add(t.toLocalDate());
        }

        for (LocalDate day = from; day.isBefore(to); day = day.plusDays(1)) {
            LocalDate d = day;
            long matching = calendars.stream().filter(c -> matchesDay(c, d)).count();
            assertThat(matching).as(day.toString()).isEqualTo(cronDays.contains(day) ? 1 : 0);
        }
    }

    /** Just enough of EJB calendar semantics (AND of the day attributes) for the lists and ranges we emit. */
    private static boolean matchesDay(ScheduleExpression calendar, LocalDate day) {
        return contains(calendar.getMonth(), day.getMonthValue())
                && contains(calendar.getDayOfMonth(), day.getDayOfMonth())
                && contains(calendar.getDayOfWeek(), day.getDayOfWeek().getValue() % 7);
    }

    private static boolean contains(String attribute, int value) {
        if (attribute.equals("*")) {
            return true;
        }
        for (String element : attribute.split(",")) {
            String[] bounds = element.split("-");
            int low = Integer.parseInt(bounds[0]);
            int high = Integer.parseInt(bounds[bounds.length - 1]);
            if (value >= low && value <= high) {
                return true;
            }
        }
        return false;
    }

    private static String describe(ScheduleExpression e) {
        return "second=" + e.getSecond() + " minute=" + e.getMinute() + " hour=" + e.getHour()
                + " dayOfMonth=" + e.getDayOfMonth() + " month=" + e.getMonth() + " dayOfWeek=" + e.getDayOfWeek()
                + " year=" + e.getYear() + " timezone=" + e.getTimezone();
    }
}
