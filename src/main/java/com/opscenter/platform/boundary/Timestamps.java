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
        return String.format("%d:%02d:%02d", seconds / 3600, seconds % 3600 / 60, seconds % 60);
    }

    /**
     * {@code 0:01:23.456789}: with microseconds, as the spec shows {@code time_taken}; always with microseconds so
     * the field has one shape, and hours grow past 23 rather than turning into days.
     */
    public static String durationMicros(Duration duration) {
        var micros = Math.max(0, duration.toNanos() / 1000);
        return String.format("%s.%06d", duration(Duration.ofSeconds(micros / 1_000_000)), micros % 1_000_000);
    }
}
