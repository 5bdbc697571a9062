package com.opscenter.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import com.opscenter.it.Role;
import com.opscenter.it.Server;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Real EJB timers on two servers that share one PostgreSQL: a short schedule fires scheduled backups, every
 * scheduled minute produces exactly one backup, and a changed schedule stops the old one at once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// Started first: its waits on real time overlap the classes that do not share its locks.
@Order(1)
@ResourceLock(Locks.POSTGRES)
class ScheduleIT {

    static final Server ONE = Server.POSTGRES;
    static final Server TWO = Server.POSTGRES_2;
    static final String NEVER_IN_TESTS = "0 0 1 1 *";
    static Instant testStart;
    static String volume;

    @BeforeAll
    static void aSmallVolumeToBackUp() throws Exception {
        testStart = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        volume = "sched-" + UUID.randomUUID().toString().substring(0, 8);
        var folder = ONE.volumesRoot().resolve(volume);
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("data.txt"), "scheduled");
    }

    @AfterAll
    static void scheduleBackToQuiet() {
        admin(ONE)
                .put(
                        "/api/v1/backups/config",
                        "{\"schedule\":\"" + NEVER_IN_TESTS + "\",\"backup_enabled\":true,\"include_volumes\":[]}");
    }

    static Api admin(Server server) {
        return Api.as(Role.ADMIN, server);
    }

    @Test
    @Order(1)
    void invalidSchedulesAreRejectedAndLeaveTheStoredOneUntouched() {
        var before =
                admin(ONE).get("/api/v1/backups/config").json().get("schedule").asText();
        for (var bad : List.of("0 2 * * * *", "99 * * * *", "* * 31 2 *", "x".repeat(10_240), "", "*/0 * * * *")) {
            var response = admin(ONE).put("/api/v1/backups/config", "{\"schedule\":\"" + bad + "\"}");
            assertThat(response.status())
                    .as(bad.length() > 40 ? "10 KB string" : bad)
                    .isEqualTo(400);
            assertThat(response.json().get("detail").asText()).contains("schedule");
        }
        var never = admin(ONE).put("/api/v1/backups/config", "{\"schedule\":\"* * 31 2 *\"}");
        assertThat(never.json().get("detail").asText()).contains("never fires");
        assertThat(admin(ONE)
                        .get("/api/v1/backups/config")
                        .json()
                        .get("schedule")
                        .asText())
                .isEqualTo(before);
    }

    @Test
    @Order(2)
    void schedulerStatusFollowsTheSpecForAdminsAndModerators() {
        var status = Api.as(Role.MODERATOR, ONE).get("/api/v1/backups/scheduler");
        assertThat(status.status()).isEqualTo(200);
        for (var field : List.of(
                "running",
                "enabled",
                "schedule",
                "next_run",
                "retention_days",
                "backup_location",
                "email_notifications",
                "timezone",
                "skipped_ticks")) {
            assertThat(status.json().has(field)).as(field).isTrue();
        }
        assertThat(status.json().get("running").asBoolean()).isTrue();
        assertThat(Api.as(Role.VIEWER, ONE).get("/api/v1/backups/scheduler").status())
                .isEqualTo(403);
        assertThat(Api.anonymous(ONE).get("/api/v1/backups/scheduler").status()).isEqualTo(401);
    }

    @Test
    @Order(3)
    void everyScheduledMinuteRunsExactlyOnceAcrossTwoServers() throws Exception {
        // Scheduled backups take only this test's volume, so they stay small whatever other tests left behind.
        var set = admin(ONE)
                .put(
                        "/api/v1/backups/config",
                        "{\"schedule\":\"* * * * *\",\"backup_enabled\":true," + "\"include_volumes\":[\"" + volume
                                + "\"]}");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        // The second server learns of the change from the shared database within a minute.
        awaitTrue(
                Duration.ofSeconds(90),
                () -> "* * * * *".equals(schedulerOf(TWO).get("schedule").asText())
                        && armedWithinAMinute(schedulerOf(TWO)));
        assertThat(armedWithinAMinute(schedulerOf(ONE))).isTrue();

        // Two scheduled minutes fired while both servers' timers were armed: each ran exactly once.
        awaitTrue(Duration.ofSeconds(150), () -> scheduledMinutes().size() >= 2);
        var perMinute = scheduledMinutes();
        perMinute.forEach((minute, ids) ->
                assertThat(ids).as("scheduled backups for " + minute).hasSize(1));

        var list = admin(ONE).get("/api/v1/backups").json();
        assertThat(list.get("next_backup").asText()).isNotEmpty();
        assertThat(Instant.parse(list.get("next_backup").asText()))
                .isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(61));
    }

    @Test
    @Order(4)
    void aChangedScheduleStopsTheOldOneOnEveryServer() throws Exception {
        assertThat(admin(ONE)
                        .put("/api/v1/backups/config", "{\"schedule\":\"" + NEVER_IN_TESTS + "\"}")
                        .status())
                .isEqualTo(200);
        awaitTrue(
                Duration.ofSeconds(90),
                () -> NEVER_IN_TESTS.equals(schedulerOf(TWO).get("schedule").asText())
                        && !armedWithinAMinute(schedulerOf(TWO)));
        // The servers' real timers say when they fire next (Timer.getNextTimeout): next year on both, so the
        // every-minute timers are gone. Watching a minute pass would show the same, a minute later.
        var nextYear =
                String.valueOf(java.time.Year.now(java.time.ZoneOffset.UTC).getValue() + 1);
        assertThat(schedulerOf(ONE).get("next_run").asText()).startsWith(nextYear);
        assertThat(schedulerOf(TWO).get("next_run").asText()).startsWith(nextYear);
    }

    @Test
    @Order(5)
    void disablingBackupsStopsTheTimers() {
        assertThat(admin(ONE)
                        .put("/api/v1/backups/config", "{\"backup_enabled\":false}")
                        .status())
                .isEqualTo(200);
        var status = schedulerOf(ONE);
        assertThat(status.get("enabled").asBoolean()).isFalse();
        assertThat(status.path("next_run").isNull() || status.path("next_run").isMissingNode())
                .isTrue();
        var list = admin(ONE).get("/api/v1/backups").json();
        assertThat(list.path("next_backup").isNull() || list.path("next_backup").isMissingNode())
                .isTrue();
        assertThat(admin(ONE)
                        .put("/api/v1/backups/config", "{\"backup_enabled\":true}")
                        .status())
                .isEqualTo(200);
    }

    static JsonNode schedulerOf(Server server) {
        return admin(server).get("/api/v1/backups/scheduler").json();
    }

    static boolean armedWithinAMinute(JsonNode status) {
        var next = status.get("next_run");
        return next != null
                && !next.isNull()
                && Instant.parse(next.asText()).isBefore(Instant.now().plusSeconds(61));
    }

    /** Scheduled backups of this test, grouped by the minute they were started for. */
    static Map<Instant, List<String>> scheduledMinutes() {
        var byMinute = new HashMap<Instant, List<String>>();
        for (var backup : admin(ONE).get("/api/v1/backups").json().get("backups")) {
            var started = Instant.parse(backup.get("timestamp").asText());
            // Only the default schedule's: another class's named schedules may have fired in testStart's minute.
            if ("scheduled".equals(backup.get("type").asText())
                    && "default".equals(backup.path("schedule").asText())
                    && !started.isBefore(testStart)) {
                byMinute.computeIfAbsent(started.truncatedTo(ChronoUnit.MINUTES), m -> new ArrayList<>())
                        .add(backup.get("id").asText());
            }
        }
        return byMinute;
    }

    static void awaitTrue(Duration timeout, java.util.function.BooleanSupplier condition) throws InterruptedException {
        var deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(500);
        }
        assertThat(condition.getAsBoolean()).as("condition within " + timeout).isTrue();
    }
}
