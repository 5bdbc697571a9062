package com.opscenter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every metric the dashboard and the alert rules use is one the service exports, as {@link OpsMetric} names them;
 * MetricsIT holds {@link OpsMetric} to what a running server serves, so a renamed metric fails one of the two.
 */
class MonitoringNamesTest {

    static final Path MONITORING = Path.of("monitoring");
    private static final Pattern METRIC = Pattern.compile("\\bops_center_[a-zA-Z0-9_]+");

    static Set<String> namesIn(String file) throws IOException {
        var names = new TreeSet<String>();
        var matcher = METRIC.matcher(Files.readString(MONITORING.resolve(file)));
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    @Test
    void dashboardUsesOnlyExportedMetrics() throws IOException {
        var used = namesIn("grafana-dashboard.json");
        assertThat(used).hasSizeGreaterThan(10);
        assertThat(OpsMetric.allExportedNames()).containsAll(used);
    }

    @Test
    void alertRulesUseOnlyExportedMetrics() throws IOException {
        var used = namesIn("alert-rules.yml");
        assertThat(used)
                .contains(
                        "ops_center_backup_last_success_timestamp_seconds",
                        "ops_center_backup_failure_total",
                        "ops_center_filesystem_usage_ratio",
                        "ops_center_scheduler_last_success_timestamp_seconds",
                        "ops_center_scheduler_interval_seconds",
                        "ops_center_scheduler_enabled",
                        "ops_center_scheduler_last_run_timestamp_seconds",
                        "ops_center_scheduler_next_run_timestamp_seconds");
        assertThat(OpsMetric.allExportedNames()).containsAll(used);
    }

    @Test
    void ruleTestsFeedExportedMetrics() throws IOException {
        assertThat(OpsMetric.allExportedNames()).containsAll(namesIn("alert-rules.test.yml"));
    }

    @Test
    void exportedNamesFollowMpMetricsRendering() {
        assertThat(OpsMetric.BACKUP_SUCCESS.exportedNames()).containsExactly("ops_center_backup_success_total");
        assertThat(OpsMetric.BACKUP_BYTES.exportedNames()).containsExactly("ops_center_backup_bytes_total");
        assertThat(OpsMetric.BACKUP_LAST_SUCCESS_TIMESTAMP.exportedNames())
                .containsExactly("ops_center_backup_last_success_timestamp_seconds");
        assertThat(OpsMetric.VOLUME_SIZE.exportedNames()).containsExactly("ops_center_volume_size_bytes");
        assertThat(OpsMetric.SCHEDULE_INTERVAL.exportedNames())
                .containsExactly("ops_center_scheduler_interval_seconds");
        assertThat(OpsMetric.BACKUP_DURATION.exportedNames())
                .contains(
                        "ops_center_backup_duration_seconds_count",
                        "ops_center_backup_duration_seconds_sum",
                        "ops_center_backup_duration_seconds_max");
    }
}
