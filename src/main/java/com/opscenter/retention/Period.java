package com.opscenter.retention;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;

/** The periods a {@link KeepPolicy} counts in, each with the label of the period a backup falls into. */
public enum Period {
    /** Every backup is a period of its own. */
    LAST("last"),
    HOURLY("hourly"),
    DAILY("daily"),
    /** ISO weeks (Monday to Sunday, week 1 holds the year's first Thursday), as restic counts them. */
    WEEKLY("weekly"),
    MONTHLY("monthly"),
    YEARLY("yearly");

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:00");

    private final String word;

    Period(String word) {
        this.word = word;
    }

    /** As the API writes it: {@code keep_<word>}, and in reasons. */
    public String word() {
        return word;
    }

    /**
     * The period {@code time} falls into, in {@code time}'s own zone; {@code position} (0 for the newest backup)
     * tells backups of {@link #LAST} apart.
     */
    String label(ZonedDateTime time, int position) {
        return switch (this) {
            case LAST -> "#" + (position + 1);
            case HOURLY -> HOUR.format(time);
            case DAILY -> DateTimeFormatter.ISO_LOCAL_DATE.format(time);
            case WEEKLY ->
                String.format(
                        "%d-W%02d", time.get(IsoFields.WEEK_BASED_YEAR), time.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTHLY -> String.format("%d-%02d", time.getYear(), time.getMonthValue());
            case YEARLY -> Integer.toString(time.getYear());
        };
    }
}
