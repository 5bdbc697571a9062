package com.opscenter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** promtool accepts the alert rules, and its rule unit tests show the staleness alert firing when backups stop. */
class AlertRulesTest {

    static final Path MONITORING = Path.of("monitoring").toAbsolutePath();

    @Test
    void promtoolAcceptsTheAlertRules() throws Exception {
        var result = Promtool.run(MONITORING, null, "check", "rules", "alert-rules.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: 9 rules found");
    }

    @Test
    void staleBackupAlertFiresWhenBackupsStop() throws Exception {
        var result = Promtool.run(MONITORING, null, "test", "rules", "alert-rules.test.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }
}
