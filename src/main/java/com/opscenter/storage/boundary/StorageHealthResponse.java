package com.opscenter.storage.boundary;

import com.opscenter.storage.control.HealthAssessment;
import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;
import java.util.Locale;

public record StorageHealthResponse(
        @JsonbProperty("overall_health") String overallHealth,
        @JsonbProperty("disk_usage_percent") double diskUsagePercent,
        @JsonbProperty("total_volumes") int totalVolumes,
        @JsonbProperty("healthy_volumes") int healthyVolumes,
        @JsonbProperty("warning_volumes") int warningVolumes,
        @JsonbProperty("error_volumes") int errorVolumes,
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
