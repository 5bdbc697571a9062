package com.opscenter.storage.control;

import java.time.Duration;
import java.time.Instant;

/**
 * A volume with what its last walk found and what that means. {@code measuredAt} is when that walk started;
 * while the first walk of a volume still runs ({@link SizeCache.State#MEASURING}) it is null and {@code stats}
 * are empty, not a size of zero: callers show the size as unknown.
 */
public record VolumeReport(
        Volume volume,
        String type,
        TreeStats stats,
        boolean stale,
        VolumeHealth health,
        Instant measuredAt,
        SizeCache.State sizeState) {

    private static final TreeStats NOTHING_YET =
            new TreeStats(0, 0, null, java.util.List.of(), 0, java.util.List.of(), false);

    static VolumeReport of(Volume volume, SizeCache.Size size, Instant now, Duration staleAfter) {
        var stats = size.stats() == null ? NOTHING_YET : size.stats();
        var stale = stats.lastAccessed() != null && stats.lastAccessed().isBefore(now.minus(staleAfter));
        return new VolumeReport(
                volume,
                VolumeTypes.classify(volume.name(), volume.labels()),
                stats,
                stale,
                VolumeHealth.of(stats, stale),
                size.measuredAt(),
                size.state());
    }

    /** Whether the size is known: false only while the volume's first walk runs. */
    public boolean measured() {
        return sizeState != SizeCache.State.MEASURING;
    }
}
