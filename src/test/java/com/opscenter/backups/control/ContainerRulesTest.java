package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerRulesTest {

    @Test
    void offensLabelsAreAliasesAndOursWinWhereBothAreSet() {
        var offen = ContainerRules.of(Map.of(
                "docker-volume-backup.stop-during-backup", "true",
                "docker-volume-backup.archive-pre", "pg_dump -f /data/dump.sql",
                "docker-volume-backup.archive-post", "rm /data/dump.sql"));
        assertThat(offen.quiesce()).isEqualTo(ContainerRules.Quiesce.STOP);
        assertThat(offen.pre()).isEqualTo("pg_dump -f /data/dump.sql");
        assertThat(offen.post()).isEqualTo("rm /data/dump.sql");

        var both = ContainerRules.of(
                Map.of("docker-volume-backup.archive-pre", "theirs", "ops-center.backup.pre", "ours"));
        assertThat(both.pre()).isEqualTo("ours");
    }

    @Test
    void stopWinsOverPauseAndOnlyTrueCounts() {
        assertThat(ContainerRules.of(Map.of("ops-center.backup.stop", "TRUE", "ops-center.backup.pause", "true"))
                        .quiesce())
                .isEqualTo(ContainerRules.Quiesce.STOP);
        assertThat(ContainerRules.of(Map.of("ops-center.backup.pause", "true")).quiesce())
                .isEqualTo(ContainerRules.Quiesce.PAUSE);
        assertThat(ContainerRules.of(Map.of("ops-center.backup.stop", "yes")).quiesce())
                .isEqualTo(ContainerRules.Quiesce.NONE);
        assertThat(ContainerRules.of(Map.of("ops-center.protect", "true")).anything())
                .isFalse();
    }

    @Test
    void aDumpIsNamedAfterItsContainerWithSqlUnlessAnotherExtensionIsGiven() {
        assertThat(ContainerRules.of(Map.of("ops-center.backup.dump", "pg_dumpall"))
                        .dumpFileName("db"))
                .isEqualTo("db.sql");
        assertThat(ContainerRules.of(Map.of(
                                "ops-center.backup.dump", "redis-cli --rdb -", "ops-center.backup.dump-ext", "rdb"))
                        .dumpFileName("cache"))
                .isEqualTo("cache.rdb");
        assertThat(ContainerRules.of(Map.of("ops-center.backup.dump", "x", "ops-center.backup.dump-ext", "../x"))
                        .dumpFileName("db"))
                .as("an extension that would leave dumps/ is refused")
                .isNull();
    }

    @Test
    void anOutputTailKeepsTheLastBytesAndNeutralisesControlCharacters() {
        var tail = new OutputTail(8);
        tail.add("0123456789".getBytes(StandardCharsets.UTF_8));
        assertThat(tail.text()).isEqualTo("…23456789");

        var colours = new OutputTail(4096);
        colours.add("ok\n\u001b[2J\rline\u202eevil\ttab\n".getBytes(StandardCharsets.UTF_8));
        assertThat(colours.text()).isEqualTo("ok\n\uFFFD[2J\uFFFDline\uFFFDevil\ttab\n");
    }

    @Test
    void aReportRoundTripsThroughJsonAndDropsTailsRatherThanGrowPastItsLimit() {
        var big = "x".repeat(ContainerReport.MAX_CHARS);
        var report = new ContainerReport(
                java.util.List.of(new ContainerReport.Quiesced(
                        "db",
                        "stopped",
                        java.util.List.of("pgdata"),
                        java.time.Instant.parse("2025-01-01T00:00:00Z"),
                        java.time.Instant.parse("2025-01-01T00:00:02.500Z"),
                        null)),
                java.util.List.of(
                        new ContainerReport.Hook("db", "pre", 0L, java.time.Duration.ofMillis(120), big, null, null)));

        var json = report.toJson().toString();
        var back = ContainerReport.fromJson(json);

        assertThat(json.length()).isLessThanOrEqualTo(ContainerReport.MAX_CHARS);
        assertThat(back.containers()).isEqualTo(report.containers());
        assertThat(back.downtime()).isEqualTo(java.time.Duration.ofMillis(2500));
        assertThat(back.hooks().get(0).outputTail()).hasSize(257);
        assertThat(ContainerReport.fromJson((String) null).isEmpty()).isTrue();
    }
}
