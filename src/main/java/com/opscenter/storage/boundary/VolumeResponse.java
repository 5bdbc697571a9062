package com.opscenter.storage.boundary;

import com.opscenter.storage.control.VolumeReport;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * A volume in lists; {@code last_accessed} is null for a volume without files. {@code size_measured_at} is when
 * the walk that measured {@code size} started, and {@code size_state} says how current it is: "measured",
 * "refreshing" (the last size known while a new walk runs) or "measuring" (the volume's first walk still runs:
 * {@code size}, {@code last_accessed} and {@code size_measured_at} are null, because zero would be a false
 * size and a caller could act on it).
 */
public record VolumeResponse(
        String name,
        String path,
        @JsonbNillable Long size,
        String type,
        String health,
        @JsonbNillable Instant lastAccessed,
        @JsonbNillable Instant sizeMeasuredAt,
        String sizeState) {

    static VolumeResponse of(VolumeReport report) {
        var measured = report.measured();
        return new VolumeResponse(
                report.volume().name(),
                report.volume().path().toString(),
                measured ? report.stats().size() : null,
                report.type(),
                report.health().name().toLowerCase(Locale.ROOT),
                seconds(report.stats().lastAccessed()),
                seconds(report.measuredAt()),
                report.sizeState().name().toLowerCase(Locale.ROOT));
    }

    /** The spec's timestamps have whole seconds: "2025-10-23T10:00:00Z". */
    static Instant seconds(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS);
    }
}
