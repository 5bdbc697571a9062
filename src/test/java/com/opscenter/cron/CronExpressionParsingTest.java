package com.opscenter.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronExpressionParsingTest {

    @ParameterizedTest(name = "''{0}'' normalises to ''{1}''")
    @CsvSource(
            delimiter = '|',
            value = {
                "0 2 * * *              | 0 2 * * *",
                "*/30 * * * *           | 0,30 * * * *",
                "0-30/10 8 * * *        | 0,10,20,30 8 * * *",
                "5/15 * * * *           | 5,20,35,50 * * * *",
                "1,2,3,10 * * * *       | 1-3,10 * * * *",
                "0 9-17 * * MON-FRI     | 0 9-17 * * 1-5",
                "0 0 1 jan,Jul *        | 0 0 1 1,7 *",
                "0 0 * FEB-apr *        | 0 0 * 2-4 *",
                "0 0 * * 7              | 0 0 * * 0",
                "0 0 * * 0,7            | 0 0 * * 0",
                "0 0 * * sun            | 0 0 * * 0",
                "0 0 * * Sat-7          | 0 0 * * 0,6",
                "0 0 * * 1-7/2          | 0 0 * * 0,1,3,5",
                "0 0 * * */2            | 0 0 * * 0,2,4,6",
                "0 0 */10 * *           | 0 0 1,11,21,31 * *",
                "0 0 * */3 *            | 0 0 * 1,4,7,10 *",
                "0 */6 * * *            | 0 0,6,12,18 * * *",
                "0-59 0-23 * 1-12 *     | * * * * *",
                "*/1 * * */1 *          | * * * * *",
                "0 0 1-31 * *           | 0 0 1-31 * *",
                "0 0 * * 0-6            | 0 0 * * 0-6",
                "007 02 * * *           | 7 2 * * *",
            })
    void acceptsTheWholeSyntaxAndNormalisesIt(String expression, String normalised) {
        CronExpression cron = CronExpression.parse(expression);

        assertThat(cron.toString()).isEqualTo(normalised);
        assertThat(cron.expression()).isEqualTo(expression);
    }

    @Test
    void toleratesSurroundingAndRepeatedWhitespaceButKeepsTheOriginalText() {
        CronExpression cron = CronExpression.parse("  0   2 *\t* *  ");

        assertThat(cron.toString()).isEqualTo("0 2 * * *");
        assertThat(cron.expression()).isEqualTo("  0   2 *\t* *  ");
    }

    @Test
    void expressionsWithTheSameScheduleAreEqual() {
        assertThat(CronExpression.parse("0 0 * * 7"))
                .isEqualTo(CronExpression.parse("0 0 * * SUN"))
                .hasSameHashCodeAs(CronExpression.parse("0 0 * * 0"))
                .isNotEqualTo(CronExpression.parse("0 0 * * 1"));
    }

    @ParameterizedTest(name = "''{0}'' is rejected: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0 2 * * * *          | expected 5 fields (minute hour day-of-month month day-of-week), got 6",
                "0 2 * *              | expected 5 fields (minute hour day-of-month month day-of-week), got 4",
                "@daily               | expected 5 fields (minute hour day-of-month month day-of-week), got 1",
                "99 * * * *           | minute 99 is out of range 0-59",
                "99999999999 * * * *  | minute 99999999999 is out of range 0-59",
                "0 24 * * *           | hour 24 is out of range 0-23",
                "0 0 0 * *            | day-of-month 0 is out of range 1-31",
                "0 0 32 * *           | day-of-month 32 is out of range 1-31",
                "0 0 * 13 *           | month 13 is out of range 1-12",
                "0 0 * * 8            | day-of-week 8 is out of range 0-7",
                "*/0 * * * *          | minute step 0 is out of range 1-59",
                "*/60 * * * *         | minute step 60 is out of range 1-59",
                "*/ * * * *           | minute step '' is not a positive number",
                "1/2/3 * * * *        | minute step '2/3' is not a positive number",
                "5-1 * * * *          | minute range 5-1 is reversed; write the lower value first",
                "0 0 * * FRI-MON      | day-of-week range FRI-MON is reversed; write the lower value first",
                "1-2-3 * * * *        | minute range '1-2-3' has more than one '-'",
                "1- * * * *           | minute field has a range with a missing value",
                "1,,2 * * * *         | minute field has an empty element in its list",
                "0 JAN * * *          | hour value 'JAN' is not a number",
                "0 0 L * *            | day-of-month value 'L' is not a number",
                "0 0 * FOO *          | month value 'FOO' is not a number or a name JAN-DEC",
                "0 0 * * MONDAY       | day-of-week value 'MONDAY' is not a number or a name SUN-SAT",
                "0 0 * * 1#2          | day-of-week field contains invalid character '#'",
                "0 0 ? * 1            | day-of-month field contains invalid character '?'",
                "０ * * * *            | minute field contains invalid character '\\uff10'",
                "* * 31 2 *           | never fires: day-of-month 31 does not occur in month 2",
                "0 0 30 2 *           | never fires: day-of-month 30 does not occur in month 2",
                "0 0 30,31 FEB *      | never fires: day-of-month 30,31 does not occur in month 2",
                "0 0 31 4,6,9,11 *    | never fires: day-of-month 31 does not occur in month 4,6,9,11",
            })
    void rejectsInvalidExpressionsWithAMessageForTheUser(String expression, String message) {
        assertThatThrownBy(() -> CronExpression.parse(expression))
                .isInstanceOf(InvalidCronExpressionException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t  "})
    void rejectsAnEmptyExpression(String expression) {
        assertThatThrownBy(() -> CronExpression.parse(expression))
                .isInstanceOf(InvalidCronExpressionException.class)
                .hasMessage("cron expression is empty; expected 5 fields (minute hour day-of-month month day-of-week)");
    }

    @Test
    void rejectsAMissingExpression() {
        assertThatThrownBy(() -> CronExpression.parse(null))
                .isInstanceOf(InvalidCronExpressionException.class)
                .hasMessage("cron expression is required");
    }

    @Test
    void rejectsATenKilobyteStringByItsLengthBeforeParsingAndWithoutEchoingIt() {
        // Four fields: parsing it would answer "expected 5 fields", so this message shows the length was checked
        // first and none of the 10 KB was parsed.
        String huge = "1,".repeat(5_116) + "1 * * * ";

        assertThatThrownBy(() -> CronExpression.parse(huge))
                .isInstanceOf(InvalidCronExpressionException.class)
                .hasMessage("cron expression is too long: 10240 characters, at most 200 allowed");
        assertThatThrownBy(() -> CronExpression.parse(huge.substring(huge.length() - 20)))
                .as("the same text, short enough to parse, fails on its fields")
                .isInstanceOf(InvalidCronExpressionException.class)
                .hasMessageNotContaining("too long");
    }

    @Test
    void acceptsTheLongestAllowedExpression() {
        String longest = "00" + ",0".repeat(95) + " * * * *";

        assertThat(longest).hasSize(CronExpression.MAX_LENGTH);
        assertThat(CronExpression.parse(longest)).hasToString("0 * * * *");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 0 29 2 *", "0 0 30,31 2,3 *", "0 0 31 2 MON", "0 0 31 * *"})
    void acceptsDaysThatExistInSomeChosenMonthOrAreRescuedByAWeekday(String expression) {
        assertThat(CronExpression.parse(expression)).isNotNull();
    }
}
