package com.opscenter.storage.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthAssessmentTest {

    private static final Instant NOW = Instant.parse("2025-10-23T10:00:00Z");
    private static final Duration STALE_AFTER = Duration.ofDays(90);

    private static VolumeReport volume(String name, Instant lastAccessed, long unreadable, boolean rootUnreadable) {
        var problems = unreadable > 0 ? List.of("x: AccessDenied") : List.<String>of();
        var stats = new TreeStats(10, 1, lastAccessed, List.of(), unreadable, problems, rootUnreadable);
        return VolumeReport.of(
                new Volume(name, Path.of("/v", name), Map.of(), Volume.Source.DIRECTORY),
                new SizeCache.Size(stats, NOW, SizeCache.State.MEASURED),
                NOW,
                STALE_AFTER);
    }

    private static VolumeReport healthy(String name) {
        return volume(name, NOW.minus(Duration.ofDays(1)), 0, false);
    }

    /** used out of 1000 bytes, nothing reserved: the percentage is used / 10. */
    private static DiskUsage disk(long used) {
        return new DiskUsage(1000, used, 1000 - used);
    }

    private static HealthAssessment assess(DiskUsage disk, VolumeReport... volumes) {
        return HealthAssessment.of(new VolumeListing(List.of(volumes), Optional.empty(), List.of()), disk);
    }

    @Test
    void diskAbove90PercentIsCritical() {
        var health = assess(disk(901), healthy("a"));

        assertThat(health.overall()).isEqualTo(OverallHealth.CRITICAL);
        assertThat(health.diskUsagePercent()).isEqualTo(90.1);
        assertThat(health.recommendations()).anyMatch(text -> text.startsWith("Disk usage is 90.1%, above 90%"));
    }

    @Test
    void diskAbove75PercentIsAWarningAndExactly75IsNot() {
        assertThat(assess(disk(751), healthy("a")).overall()).isEqualTo(OverallHealth.WARNING);
        assertThat(assess(disk(750), healthy("a")).overall()).isEqualTo(OverallHealth.HEALTHY);
    }

    @Test
    void anyVolumeInErrorIsCriticalWhateverTheDisk() {
        var health = assess(disk(100), healthy("a"), volume("broken", null, 1, true));

        assertThat(health.overall()).isEqualTo(OverallHealth.CRITICAL);
        assertThat(health.errorVolumes()).isEqualTo(1);
        assertThat(health.healthyVolumes()).isEqualTo(1);
        assertThat(health.recommendations()).anyMatch(text -> text.startsWith("Volume broken cannot be read"));
    }

    @Test
    void unreadableEntriesMakeAWarningWithTheReason() {
        var health = assess(disk(100), volume("partly", NOW, 3, false));

        assertThat(health.overall()).isEqualTo(OverallHealth.WARNING);
        assertThat(health.warningVolumes()).isEqualTo(1);
        assertThat(health.recommendations())
                .singleElement()
                .asString()
                .contains("partly: 3 entries could not be read")
                .contains("x: AccessDenied");
    }

    @Test
    void volumesNotAccessedForTheStaleDaysGetTheSpecsRecommendation() {
        var health = assess(disk(100), healthy("a"), volume("old", NOW.minus(Duration.ofDays(91)), 0, false));

        assertThat(health.overall()).isEqualTo(OverallHealth.WARNING);
        assertThat(health.totalVolumes()).isEqualTo(2);
        assertThat(health.warningVolumes()).isEqualTo(1);
        assertThat(health.recommendations()).containsExactly("1 volume(s) not accessed recently. Consider archiving.");
    }

    @Test
    void anEmptyVolumeIsNotStale() {
        assertThat(volume("empty", null, 0, false).health()).isEqualTo(VolumeHealth.HEALTHY);
    }

    @Test
    void anUnreachableDockerEngineIsAWarningThatSaysToCheckDocker() {
        var listing = new VolumeListing(
                List.of(healthy("a")), Optional.of("Docker Engine not reachable: refused"), List.of());

        var health = HealthAssessment.of(listing, disk(100));

        assertThat(health.overall()).isEqualTo(OverallHealth.WARNING);
        assertThat(health.recommendations()).singleElement().asString().contains("check that Docker is running");
    }

    @Test
    void allHealthyIsHealthyWithoutRecommendations() {
        var health = assess(disk(655), healthy("a"), healthy("b"));

        assertThat(health.overall()).isEqualTo(OverallHealth.HEALTHY);
        assertThat(health.diskUsagePercent()).isEqualTo(65.5);
        assertThat(health.recommendations()).isEmpty();
    }

    @Test
    void aVolumeStillBeingMeasuredCountsHealthyAndIsNamedInTheRecommendations() {
        var measuring = VolumeReport.of(
                new Volume("big", Path.of("/v/big"), Map.of(), Volume.Source.DIRECTORY),
                SizeCache.Size.NOT_YET,
                NOW,
                STALE_AFTER);

        var health = assess(disk(100), healthy("a"), measuring);

        assertThat(measuring.measured()).isFalse();
        assertThat(health.overall()).isEqualTo(OverallHealth.HEALTHY);
        assertThat(health.healthyVolumes()).isEqualTo(2);
        assertThat(health.recommendations()).singleElement().asString().contains("Still measuring big");
    }
}
