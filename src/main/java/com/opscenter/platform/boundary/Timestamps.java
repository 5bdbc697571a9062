package com.opscenter.platform.boundary;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The wire forms of time: ISO-8601 instants in UTC, and durations as Python's timedelta prints them. */
public final class Timestamps {

    private Timestamps() {}

    /** {@code 2025-10-23T02:00:00Z}, to the second. */
    public static String iso(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** {@code 0:15:30}: hours, minutes and whole seconds, as the spec shows a backup's duration. */
    public static String duration(Duration duration) {
        if (duration == null) {
            return null;
        }
        var seconds = Math.max(0, duration.getSeconds());
        // Not String.format: a list of backups formats one per row, and the format parser dominated the page.
        var text = new StringBuilder(16).append(seconds / 3600).append(':');
        return twoDigits(twoDigits(text, seconds % 3600 / 60).append(':'), seconds % 60)
                .toString();
    }

    private static StringBuilder twoDigits(StringBuilder text, long value) {
        return (value < 10 ? text.append('0') : text).append(value);
    }

    /**
     * {@code 0:01:23.456789}: with microseconds, as the spec shows {@code time_taken}; always with microseconds so
     * the field has one shape, and hours grow past 23 rather than turning into days.
     */
    public static String durationMicros(Duration duration) {
        var micros = Math.max(0, duration.toNanos() / 1000);
        var fraction = Long.toString(micros % 1_000_000);
        return duration(Duration.ofSeconds(micros / 1_000_000)) + "." + "0".repeat(6 - fraction.length()) + fraction;
    }
}
