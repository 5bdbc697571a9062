package com.opscenter.storage.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The spec's storage health: overall verdict, counts per volume health, and what an operator should do. */
public record HealthAssessment(
        OverallHealth overall,
        double diskUsagePercent,
        int totalVolumes,
        int healthyVolumes,
        int warningVolumes,
        int errorVolumes,
        List<String> recommendations) {

    static final double CRITICAL_PERCENT = 90;
    static final double WARNING_PERCENT = 75;

    /**
     * The original's thresholds: above 90% disk or any volume in error is critical; above 75%, any warning, or a
     * Docker Engine we cannot see is a warning.
     */
    public static HealthAssessment of(VolumeListing listing, DiskUsage disk) {
        var reports = listing.volumes();
        var healthy = count(reports, VolumeHealth.HEALTHY);
        var warning = count(reports, VolumeHealth.WARNING);
        var error = count(reports, VolumeHealth.ERROR);
        var percent = disk.percentUsed();
        var overall = percent > CRITICAL_PERCENT || error > 0
                ? OverallHealth.CRITICAL
                : percent > WARNING_PERCENT
                                || warning > 0
                                || listing.dockerProblem().isPresent()
                        ? OverallHealth.WARNING
                        : OverallHealth.HEALTHY;
        return new HealthAssessment(
                overall, percent, reports.size(), healthy, warning, error, recommendations(listing, percent));
    }

    private static List<String> recommendations(VolumeListing listing, double percent) {
        var advice = new ArrayList<String>();
        if (percent > CRITICAL_PERCENT) {
            advice.add(String.format(
                    Locale.ROOT,
                    "Disk usage is %.1f%%, above %.0f%%. Free space now: run a "
                            + "cleanup or move data to another disk.",
                    percent,
                    CRITICAL_PERCENT));
        } else if (percent > WARNING_PERCENT) {
            advice.add(String.format(
                    Locale.ROOT, "Disk usage is %.1f%%, above %.0f%%. Plan a cleanup.", percent, WARNING_PERCENT));
        }
        for (var report : listing.volumes()) {
            var stats = report.stats();
            if (report.health() == VolumeHealth.ERROR) {
                advice.add("Volume " + report.volume().name() + " cannot be read ("
                        + stats.problems().get(0) + "). Check that it exists and that the service may read it.");
            } else if (stats.unreadable() > 0) {
                advice.add("Volume " + report.volume().name() + ": " + stats.unreadable() + " entries could not "
                        + "be read, so its size is a lower bound (first: "
                        + stats.problems().get(0)
                        + "). Check their permissions.");
            }
        }
        var measuring = listing.volumes().stream()
                .filter(report -> !report.measured())
                .map(report -> report.volume().name())
                .toList();
        if (!measuring.isEmpty()) {
            // Counted healthy meanwhile (nothing bad is known yet, and a first walk should raise no alarm); said here.
            advice.add("Still measuring " + String.join(", ", measuring) + ": size and health follow when the "
                    + "first walk ends.");
        }
        var stale = listing.volumes().stream().filter(VolumeReport::stale).count();
        if (stale > 0) {
            advice.add(stale + " volume(s) not accessed recently. Consider archiving.");
        }
        listing.dockerProblem()
                .ifPresent(problem -> advice.add(problem + ". Only directory volumes are shown: "
                        + "check that Docker is running and that docker.host points at its socket."));
        for (var hidden : listing.hiddenDirectories()) {
            advice.add("Directory " + hidden + " under the volumes root has the name of a Docker volume, which "
                    + "takes precedence. Rename the directory to see it.");
        }
        return advice;
    }

    private static int count(List<VolumeReport> reports, VolumeHealth health) {
        return (int)
                reports.stream().filter(report -> report.health() == health).count();
    }
}
