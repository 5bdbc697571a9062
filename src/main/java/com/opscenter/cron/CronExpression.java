package com.opscenter.cron;

import static com.opscenter.cron.CronField.DAY_OF_MONTH;
import static com.opscenter.cron.CronField.DAY_OF_WEEK;
import static com.opscenter.cron.CronField.HOUR;
import static com.opscenter.cron.CronField.MINUTE;
import static com.opscenter.cron.CronField.MONTH;
import static com.opscenter.cron.CronField.bit;
import static com.opscenter.cron.CronField.invalid;
import static com.opscenter.cron.CronField.nextSetBit;
import static com.opscenter.cron.CronField.previousSetBit;
import static com.opscenter.cron.CronField.range;

import jakarta.ejb.ScheduleExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;

/**
 * A classic five-field cron expression: {@code minute hour day-of-month month day-of-week}.
 *
 * <p>Syntax: {@code *}, numbers, ranges {@code a-b}, lists {@code a,b}, steps {@code *}{@code /n},
 * {@code a-b/n} and {@code a/n} (= a to the field's end), month names JAN-DEC and day names SUN-SAT in any case.
 * Day-of-week 0 and 7 are both Sunday.
 *
 * <p>Day rule (Vixie cron): when day-of-month and day-of-week are both restricted, a day matches if
 * <em>either</em> matches; when one of them is written as a bare {@code *}, only the other applies.
 * Only a bare {@code *} counts as unrestricted: {@code *}{@code /2} or {@code 0-6} are restrictions
 * (Vixie's quirk of treating anything starting with {@code *} as unrestricted is deliberately not copied).
 *
 * <p>Time zones: times are matched on the wall clock of the zone of the argument. A wall-clock time that a
 * DST gap skips fires at the first instant after the gap (02:30 on a spring-forward night fires at 03:00; all
 * skipped times collapse into that one run). A wall-clock time that a DST overlap repeats fires once, at its
 * first occurrence.
 *
 * <p>Instances are immutable and thread-safe; equal when their normalised forms are equal.
 */
public final class CronExpression {

    /** Long enough for any sensible expression; keeps hostile input from costing anything. */
    public static final int MAX_LENGTH = 200;

    // A Feb 29 schedule without a weekday may wait 8 years (2096 -> 2104); anything longer is a bug.
    private static final int SEARCH_YEARS = 10;
    private static final int GAP_RUNS = 10_000;
    private static final int GAP_YEARS = 5;

    private final String expression;
    private final long minutes;
    private final long hours;
    private final long daysOfMonth;
    private final long months;
    private final long daysOfWeek;
    private final boolean dayOfMonthStar;
    private final boolean dayOfWeekStar;

    private CronExpression(String expression, String[] fields) {
        this.expression = expression;
        this.minutes = MINUTE.parse(fields[0]);
        this.hours = HOUR.parse(fields[1]);
        this.daysOfMonth = DAY_OF_MONTH.parse(fields[2]);
        this.months = MONTH.parse(fields[3]);
        this.daysOfWeek = DAY_OF_WEEK.parse(fields[4]);
        this.dayOfMonthStar = fields[2].equals("*");
        this.dayOfWeekStar = fields[4].equals("*");
        // With a weekday restriction some day always matches; without one the date itself must exist.
        if (dayOfWeekStar && !occursInSomeMonth(daysOfMonth)) {
            throw invalid(
                    "never fires: day-of-month %s does not occur in month %s",
                    DAY_OF_MONTH.render(daysOfMonth), MONTH.render(months));
        }
    }

    /**
     * Parses a five-field cron expression.
     *
     * @throws InvalidCronExpressionException with a message fit for the API user
     */
    public static CronExpression parse(String expression) {
        if (expression == null) {
            throw invalid("cron expression is required");
        }
        if (expression.length() > MAX_LENGTH) {
            throw invalid(
                    "cron expression is too long: %d characters, at most %d allowed", expression.length(), MAX_LENGTH);
        }
        String trimmed = expression.strip();
        if (trimmed.isEmpty()) {
            throw invalid("cron expression is empty; expected 5 fields (minute hour day-of-month month day-of-week)");
        }
        String[] fields = trimmed.split("[ \\t]+");
        if (fields.length != 5) {
            throw invalid("expected 5 fields (minute hour day-of-month month day-of-week), got %d", fields.length);
        }
        return new CronExpression(expression, fields);
    }

    /** The expression as given to {@link #parse}. */
    public String expression() {
        return expression;
    }

    /**
     * The first scheduled time strictly after {@code after}, at second 0, in {@code after}'s zone.
     */
    public ZonedDateTime next(ZonedDateTime after) {
        ZoneId zone = after.getZone();
        Instant lowerBound = after.toInstant();
        LocalDateTime t =
                after.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDateTime limit = t.plusYears(SEARCH_YEARS);
        while (t.isBefore(limit)) {
            if ((months & bit(t.getMonthValue())) == 0) {
                t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
                continue;
            }
            if (!dayMatches(t.toLocalDate())) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
                continue;
            }
            int hour = nextSetBit(hours, t.getHour());
            if (hour < 0) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
                continue;
            }
            if (hour != t.getHour()) {
                t = t.withHour(hour).withMinute(0);
            }
            int minute = nextSetBit(minutes, t.getMinute());
            if (minute < 0) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            t = t.withMinute(minute);
            ZonedDateTime candidate = onWallClock(t, zone);
            // A DST gap or a repeated hour can map a later wall-clock time to an instant already passed.
            if (candidate.toInstant().isAfter(lowerBound)) {
                return candidate;
            }
            t = t.plusMinutes(1);
        }
        throw new IllegalStateException("no time matches '" + this + "' within " + SEARCH_YEARS + " years");
    }

    /**
     * The longest wait between two consecutive scheduled times from {@code from} on, over the next
     * {@value #GAP_RUNS} times or {@value #GAP_YEARS} years, whichever ends first: the period an alert may allow a
     * schedule before its last success is overdue. Enough times to cover a week of an every-minute schedule, and
     * years to cover yearly ones; DST changes count as the clock shows them.
     */
    public Duration longestGap(ZonedDateTime from) {
        ZonedDateTime limit = from.plusYears(GAP_YEARS);
        ZonedDateTime previous = next(from);
        Duration longest = Duration.ZERO;
        for (int i = 0; i < GAP_RUNS && previous.isBefore(limit); i++) {
            ZonedDateTime following = next(previous);
            Duration gap = Duration.between(previous, following);
            if (gap.compareTo(longest) > 0) {
                longest = gap;
            }
            previous = following;
        }
        return longest;
    }

    /**
     * The last scheduled time strictly before {@code before}, in {@code before}'s zone. It follows the same DST
     * rules as {@link #next}, so both walk the same sequence of times.
     */
    public ZonedDateTime previous(ZonedDateTime before) {
        return latestAtOrBefore(before.minusNanos(1));
    }

    /**
     * The scheduled time to catch up on after downtime: the latest scheduled time {@code t} with
     * {@code lastRunOrStart < t <= now}, or empty if none was missed. However many times were missed, there is
     * only one, so a scheduler that runs once per answer runs exactly one catch-up backup. The answer is the
     * scheduled time itself, so it can serve as the key that claims the run.
     */
    public Optional<ZonedDateTime> latestMissed(ZonedDateTime lastRunOrStart, ZonedDateTime now) {
        if (!now.isAfter(lastRunOrStart)) {
            return Optional.empty();
        }
        ZonedDateTime latest = latestAtOrBefore(now);
        return latest.isAfter(lastRunOrStart) ? Optional.of(latest) : Optional.empty();
    }

    private ZonedDateTime latestAtOrBefore(ZonedDateTime atOrBefore) {
        ZoneId zone = atOrBefore.getZone();
        Instant upperBound = atOrBefore.toInstant();
        LocalDateTime t = atOrBefore.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES);
        ZoneOffsetTransition transition = zone.getRules().getTransition(atOrBefore.toLocalDateTime());
        if (transition != null
                && transition.isOverlap()
                && atOrBefore.getOffset().equals(transition.getOffsetAfter())) {
            // In the second pass of a repeated hour, every repeated wall-clock time has already fired in the first.
            t = transition.getDateTimeBefore().minusNanos(1).truncatedTo(ChronoUnit.MINUTES);
        }
        LocalDateTime limit = t.minusYears(SEARCH_YEARS);
        while (t.isAfter(limit)) {
            if ((months & bit(t.getMonthValue())) == 0) {
                t = t.toLocalDate().withDayOfMonth(1).atStartOfDay().minusMinutes(1);
                continue;
            }
            if (!dayMatches(t.toLocalDate())) {
                t = t.toLocalDate().atStartOfDay().minusMinutes(1);
                continue;
            }
            int hour = previousSetBit(hours, t.getHour());
            if (hour < 0) {
                t = t.toLocalDate().atStartOfDay().minusMinutes(1);
                continue;
            }
            if (hour != t.getHour()) {
                t = t.withHour(hour).withMinute(59);
            }
            int minute = previousSetBit(minutes, t.getMinute());
            if (minute < 0) {
                t = t.truncatedTo(ChronoUnit.HOURS).minusMinutes(1);
                continue;
            }
            t = t.withMinute(minute);
            ZonedDateTime candidate = onWallClock(t, zone);
            if (!candidate.toInstant().isAfter(upperBound)) {
                return candidate;
            }
            t = t.minusMinutes(1);
        }
        throw new IllegalStateException("no time matches '" + this + "' within " + SEARCH_YEARS + " years");
    }

    /**
     * The same schedule as EJB calendar expressions (second 0, in {@code zone}), for {@code TimerService}.
     *
     * <p>EJB ANDs dayOfMonth and dayOfWeek, cron ORs them when both are restricted. That case yields two
     * expressions that never fire at the same instant: the cron days of the month on any weekday, and the cron
     * weekdays on the <em>other</em> days of the month. Steps are written out as explicit lists, which EJB
     * accepts in every attribute (its {@code x/y} increments exist only for second, minute and hour).
     * Expressions that could never fire in the chosen months are left out.
     */
    public List<ScheduleExpression> toScheduleExpressions(ZoneId zone) {
        List<ScheduleExpression> result = new ArrayList<>();
        if (dayOfMonthStar || dayOfWeekStar) {
            result.add(scheduleExpression(zone, daysOfMonth, daysOfWeek));
            return result;
        }
        if (occursInSomeMonth(daysOfMonth)) {
            result.add(scheduleExpression(zone, daysOfMonth, DAY_OF_WEEK.all()));
        }
        long otherDaysOfMonth = DAY_OF_MONTH.all() & ~daysOfMonth;
        if (otherDaysOfMonth != 0 && occursInSomeMonth(otherDaysOfMonth)) {
            result.add(scheduleExpression(zone, otherDaysOfMonth, daysOfWeek));
        }
        return result;
    }

    private ScheduleExpression scheduleExpression(ZoneId zone, long dom, long dow) {
        return new ScheduleExpression()
                .second("0")
                .minute(ejb(MINUTE, minutes))
                .hour(ejb(HOUR, hours))
                .dayOfMonth(ejb(DAY_OF_MONTH, dom))
                .month(ejb(MONTH, months))
                .dayOfWeek(ejb(DAY_OF_WEEK, dow))
                .year("*")
                // EJB containers resolve the id with java.util.TimeZone, which reads "Z" or "+02:00" as GMT.
                .timezone(TimeZone.getTimeZone(zone).getID());
    }

    private static String ejb(CronField field, long bits) {
        return field.isAll(bits) ? "*" : field.render(bits);
    }

    private boolean dayMatches(LocalDate date) {
        boolean dom = (daysOfMonth & bit(date.getDayOfMonth())) != 0;
        boolean dow = (daysOfWeek & bit(date.getDayOfWeek().getValue() % 7)) != 0;
        // A bare '*' parses to every day, so AND leaves just the other field.
        return dayOfMonthStar || dayOfWeekStar ? dom && dow : dom || dow;
    }

    /** Whether some chosen month has one of these days; Feb 29 counts, leap years come round. */
    private boolean occursInSomeMonth(long days) {
        for (int month = 1; month <= 12; month++) {
            if ((months & bit(month)) != 0 && (days & range(1, Month.of(month).maxLength())) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Resolves a wall-clock time: a time in a DST gap becomes the gap's end, a repeated time its first instant. */
    private static ZonedDateTime onWallClock(LocalDateTime time, ZoneId zone) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(time);
        if (transition != null && transition.isGap()) {
            return ZonedDateTime.ofInstant(transition.getInstant(), zone);
        }
        return ZonedDateTime.ofLocal(time, zone, null);
    }

    /**
     * The normalised expression: values as numbers, steps expanded ({@code *}{@code /30} becomes {@code 0,30}),
     * a full minute, hour or month field as {@code *}. Day fields stay {@code *} only if written so, since that
     * decides the day rule.
     */
    @Override
    public String toString() {
        return String.join(
                " ",
                MINUTE.isAll(minutes) ? "*" : MINUTE.render(minutes),
                HOUR.isAll(hours) ? "*" : HOUR.render(hours),
                dayOfMonthStar ? "*" : DAY_OF_MONTH.render(daysOfMonth),
                MONTH.isAll(months) ? "*" : MONTH.render(months),
                dayOfWeekStar ? "*" : DAY_OF_WEEK.render(daysOfWeek));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronExpression cron && toString().equals(cron.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
