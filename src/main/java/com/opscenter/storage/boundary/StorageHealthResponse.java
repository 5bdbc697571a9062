package com.opscenter.storage.boundary;

import com.opscenter.storage.control.HealthAssessment;
import java.util.List;
import java.util.Locale;

public record StorageHealthResponse(
        String overallHealth,
        double diskUsagePercent,
        int totalVolumes,
        int healthyVolumes,
        int warningVolumes,
        int errorVolumes,
        List<String> recommendations) {

    static StorageHealthResponse of(HealthAssessment health) {
        return new StorageHealthResponse(
                health.overall().name().toLowerCase(Locale.ROOT),
                health.diskUsagePercent(),
                health.totalVolumes(),
                health.healthyVolumes(),
                health.warningVolumes(),
                health.errorVolumes(),
                health.recommendations());
    }
}
