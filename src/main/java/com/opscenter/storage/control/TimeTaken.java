package com.opscenter.storage.control;

import java.time.Duration;
import java.util.Locale;

/** Durations in the form of Python's {@code str(timedelta)}, as the spec shows them: {@code 0:01:23.456789}. */
public final class TimeTaken {

    private TimeTaken() {
    }

    /** Always with microseconds, so the field has one shape; hours grow past 23 rather than adding days. */
    public static String format(Duration duration) {
        var micros = duration.toNanos() / 1_000;
        return String.format(Locale.ROOT, "%d:%02d:%02d.%06d", micros / 3_600_000_000L,
                micros / 60_000_000 % 60, micros / 1_000_000 % 60, micros % 1_000_000);
    }
}
