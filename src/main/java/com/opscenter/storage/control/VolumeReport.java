package com.opscenter.storage.control;

import java.time.Duration;
import java.time.Instant;

/** A volume with what its last walk found and what that means. */
public record VolumeReport(Volume volume, String type, TreeStats stats, boolean stale, VolumeHealth health) {

    static VolumeReport of(Volume volume, TreeStats stats, Instant now, Duration staleAfter) {
        var stale = stats.lastAccessed() != null && stats.lastAccessed().isBefore(now.minus(staleAfter));
        return new VolumeReport(
                volume,
                VolumeTypes.classify(volume.name(), volume.labels()),
                stats,
                stale,
                VolumeHealth.of(stats, stale));
    }
}
