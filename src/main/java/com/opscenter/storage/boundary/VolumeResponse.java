package com.opscenter.storage.boundary;

import com.opscenter.storage.control.VolumeReport;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** A volume in lists; {@code last_accessed} is null for a volume without files. */
public record VolumeResponse(
        String name,
        String path,
        long size,
        String type,
        String health,
        @JsonbNillable Instant lastAccessed) {

    static VolumeResponse of(VolumeReport report) {
        return new VolumeResponse(
                report.volume().name(),
                report.volume().path().toString(),
                report.stats().size(),
                report.type(),
                report.health().name().toLowerCase(Locale.ROOT),
                seconds(report.stats().lastAccessed()));
    }

    /** The spec's timestamps have whole seconds: "2025-10-23T10:00:00Z". */
    static Instant seconds(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS);
    }
}
