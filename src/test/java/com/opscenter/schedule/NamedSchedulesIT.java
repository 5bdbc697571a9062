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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Named schedules on two servers sharing one PostgreSQL: the API with its roles and refusals, the configuration
 * endpoint editing the schedule named default, and two schedules on different volumes firing in the same minute
 * with real timers, each minute once per schedule, pruned by their own keep_last, and a dry run. Two minute
 * boundaries after the schedules are made are all it waits for (the second with both servers armed).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ResourceLock(Locks.POSTGRES)
class NamedSchedulesIT {

    static final Server ONE = Server.POSTGRES;
    static final Server TWO = Server.POSTGRES_2;
    static final String SCHEDULES = "/api/v1/backups/schedules";
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String DB = "sdb-" + SUFFIX;
    static final String WEB = "sweb-" + SUFFIX;
    static Instant testStart;

    @BeforeAll
    static void twoSmallVolumes() throws Exception {
        testStart = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        for (var volume : List.of(DB, WEB)) {
            var folder = ONE.volumesRoot().resolve(volume);
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("data.txt"), volume);
        }
    }

    @AfterAll
    static void noScheduleOfOursLeftRunning() {
        for (var name : List.of(DB, WEB, "crud-" + SUFFIX, "crud-" + SUFFIX + "-inc")) {
            admin(ONE).delete(SCHEDULES + "/" + name);
        }
    }

    static Api admin(Server server) {
        return Api.as(Role.ADMIN, server);
    }

    static String schedule(String name, String volume, int keepLast) {
        return "{\"name\":\"" + name + "\",\"cron\":\"* * * * *\",\"volumes\":[\"" + volume + "\"],\"paths\":[],"
                + "\"compression\":\"zstd\",\"mode\":\"full\",\"keep_last\":" + keepLast + "}";
    }

    @Test
    @Order(1)
    void schedulesAreReadByModeratorsChangedByAdminsAndBadInputIsNamed() {
        var name = "crud-" + SUFFIX;
        var body = "{\"name\":\"" + name + "\",\"cron\":\"0 3 * * *\",\"timezone\":\"Europe/Berlin\",\"volumes\":[\""
                + DB + "\"],\"keep_daily\":7,\"keep_weekly\":4,\"enabled\":false}";
        assertThat(Api.anonymous(ONE).get(SCHEDULES).status()).isEqualTo(401);
        assertThat(Api.as(Role.VIEWER, ONE).get(SCHEDULES).status()).isEqualTo(403);
        assertThat(Api.as(Role.MODERATOR, ONE).post(SCHEDULES, body).status()).isEqualTo(403);
        assertThat(Api.anonymous(ONE).post(SCHEDULES, body).status()).isEqualTo(401);

        for (var bad : Map.of(
                        "name", body.replace(name, "Not A Slug"),
                        "cron", body.replace("0 3 * * *", "61 * * * *"),
                        "timezone", body.replace("Europe/Berlin", "Mars/Olympus"),
                        "mode", body.replace("\"enabled\":false", "\"mode\":\"differential\""),
                        "keep_daily", body.replace("\"keep_daily\":7", "\"keep_daily\":-1"),
                        "cloud", body.replace("\"enabled\":false", "\"cloud\":true"),
                        "retention_days", "{\"name\":\"x-" + SUFFIX + "\",\"cron\":\"0 3 * * *\"}")
                .entrySet()) {
            var response = admin(ONE).post(SCHEDULES, bad.getValue());
            assertThat(response.status()).as(bad.getKey() + ": " + response).isEqualTo(400);
            assertThat(response.json().get("detail").asText()).as(bad.getKey()).contains(bad.getKey());
        }
        assertThat(admin(ONE)
                        .post(SCHEDULES, body.replace("\"enabled\":false", "\"mode\":\"differential\""))
                        .json()
                        .get("detail")
                        .asText())
                .contains("mode", "full or incremental");
        var incremental = admin(ONE)
                .post(
                        SCHEDULES,
                        body.replace("\"enabled\":false", "\"enabled\":false,\"mode\":\"incremental\"")
                                .replace(name, name + "-inc"));
        assertThat(incremental.status()).as(incremental.toString()).isEqualTo(201);
        assertThat(incremental.json().get("mode").asText()).isEqualTo("incremental");
        assertThat(admin(ONE).delete(SCHEDULES + "/" + name + "-inc").status()).isIn(200, 204);

        var created = admin(ONE).post(SCHEDULES, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.headers().get("Location").get(0)).endsWith(SCHEDULES + "/" + name);
        assertThat(created.json().get("keep_weekly").asInt()).isEqualTo(4);
        assertThat(created.json().get("mode").asText()).isEqualTo("full");
        assertThat(admin(ONE).post(SCHEDULES, body).status()).isEqualTo(409);
        assertThat(admin(ONE).post(SCHEDULES, body.replace(name, "default")).status())
                .isEqualTo(409);

        var read = Api.as(Role.MODERATOR, TWO).get(SCHEDULES + "/" + name);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("timezone").asText()).isEqualTo("Europe/Berlin");
        assertThat(read.json().get("volumes").get(0).asText()).isEqualTo(DB);
        assertThat(Api.as(Role.MODERATOR, ONE)
                        .put(SCHEDULES + "/" + name, "{\"keep_last\":3}")
                        .status())
                .isEqualTo(403);
        var changed = admin(ONE).put(SCHEDULES + "/" + name, "{\"keep_last\":3}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("keep_last").asInt()).isEqualTo(3);
        assertThat(changed.json().get("keep_daily").asInt()).isEqualTo(7);
        var names = new ArrayList<String>();
        Api.as(Role.MODERATOR, ONE)
                .get(SCHEDULES)
                .json()
                .get("schedules")
                .forEach(s -> names.add(s.get("name").asText()));
        assertThat(names).startsWith("default").contains(name);

        assertThat(admin(ONE).get(SCHEDULES + "/nope-" + SUFFIX).status()).isEqualTo(404);
        assertThat(admin(ONE)
                        .put(SCHEDULES + "/nope-" + SUFFIX, "{\"keep_last\":1}")
                        .status())
                .isEqualTo(404);
        assertThat(admin(ONE).delete(SCHEDULES + "/nope-" + SUFFIX).status()).isEqualTo(404);
        assertThat(admin(ONE).delete(SCHEDULES + "/default").status()).isEqualTo(409);
        assertThat(Api.as(Role.MODERATOR, ONE).delete(SCHEDULES + "/" + name).status())
                .isEqualTo(403);
        assertThat(admin(ONE).delete(SCHEDULES + "/" + name).status()).isEqualTo(200);
        assertThat(admin(ONE).get(SCHEDULES + "/" + name).status()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void theConfigurationEndpointAndTheDefaultScheduleAreOneThing() {
        var before = admin(ONE).get("/api/v1/backups/config").json();
        try {
            var config = admin(ONE).put("/api/v1/backups/config", "{\"retention_days\":45}");
            assertThat(config.status()).isEqualTo(200);
            var viaSchedule = admin(TWO).get(SCHEDULES + "/default").json();
            assertThat(viaSchedule.get("retention_days").asInt()).isEqualTo(45);
            assertThat(viaSchedule.get("cron").asText())
                    .isEqualTo(before.get("schedule").asText());

            var schedule = admin(TWO).put(SCHEDULES + "/default", "{\"keep_monthly\":12,\"cron\":\"0 0 1 1 *\"}");
            assertThat(schedule.status()).as(schedule.toString()).isEqualTo(200);
            var after = admin(ONE).get("/api/v1/backups/config").json();
            assertThat(after.get("schedule").asText()).isEqualTo("0 0 1 1 *");
            assertThat(after.get("retention_days").asInt()).isEqualTo(45);
            // The spec's configuration keeps its exact fields; the keep counts are only the schedule's.
            assertThat(after.has("keep_monthly")).isFalse();
            assertThat(admin(ONE)
                            .get(SCHEDULES + "/default")
                            .json()
                            .get("keep_monthly")
                            .asInt())
                    .isEqualTo(12);
            assertThat(admin(ONE)
                            .put(SCHEDULES + "/default", "{\"retention_days\":0}")
                            .status())
                    .isEqualTo(400);
        } finally {
            admin(ONE)
                    .put(
                            SCHEDULES + "/default",
                            "{\"keep_monthly\":0,\"cron\":\""
                                    + before.get("schedule").asText() + "\",\"retention_days\":"
                                    + before.get("retention_days").asInt() + "}");
        }
    }

    @Test
    @Order(3)
    void twoSchedulesOnDifferentVolumesFireInTheSameMinuteOncePerScheduleAndPruneTheirOwn() throws Exception {
        assertThat(admin(ONE).post(SCHEDULES, schedule(DB, DB, 2)).status()).isEqualTo(201);
        assertThat(admin(ONE).post(SCHEDULES, schedule(WEB, WEB, 1)).status()).isEqualTo(201);

        // The second server learns of both from the shared database within a minute and arms their timers.
        ScheduleIT.awaitTrue(Duration.ofSeconds(90), () -> armed(TWO, DB) && armed(TWO, WEB));
        var bothArmed = Instant.now();
        var enabled = metrics(ONE);
        for (var name : List.of(DB, WEB)) {
            assertThat(metric(enabled, "ops_center_scheduler_enabled", name)).isEqualTo(1.0);
            assertThat(metric(enabled, "ops_center_scheduler_interval_seconds", name))
                    .isEqualTo(60.0);
            assertThat(metric(enabled, "ops_center_scheduler_next_run_timestamp_seconds", name))
                    .isBetween(
                            (double) testStart.getEpochSecond(), Instant.now().getEpochSecond() + 61.0);
        }

        // Two minutes fired for both schedules, the later one while both servers' timers were armed: two runs
        // are enough for keep_last 1 to prune and keep_last 2 not to, and one minute boundary after the other
        // server armed is enough to show each minute runs once per schedule. Both are polled every time, so no
        // minute of either goes unseen.
        ScheduleIT.awaitTrue(Duration.ofSeconds(200), () -> {
            var db = claimedMinutes(DB);
            var web = claimedMinutes(WEB);
            return db >= 2 && web >= 2 && firedAfter(DB, bothArmed) && firedAfter(WEB, bothArmed);
        });
        // Switched off (a timer that fires later finds them so on any server), the last runs end, and their
        // retention (which follows each run on its thread) keeps each schedule's keep_last newest.
        assertThat(admin(ONE).put(SCHEDULES + "/" + DB, "{\"enabled\":false}").status())
                .isEqualTo(200);
        assertThat(admin(ONE).put(SCHEDULES + "/" + WEB, "{\"enabled\":false}").status())
                .isEqualTo(200);
        ScheduleIT.awaitTrue(
                Duration.ofSeconds(120),
                () -> noneRunning(DB)
                        && noneRunning(WEB)
                        && backups("?schedule=" + DB).size() <= 2
                        && backups("?schedule=" + WEB).size() <= 1);

        var db = backups("?schedule=" + DB);
        var web = backups("?schedule=" + WEB);
        // Each schedule's backups hold its volume only; a minute never has two backups of one schedule.
        assertThat(perMinute(db).values()).allMatch(ids -> ids.size() == 1);
        assertThat(perMinute(web).values()).allMatch(ids -> ids.size() == 1);
        assertThat(ids(backups("?volume=" + DB))).containsExactlyInAnyOrderElementsOf(ids(db));
        assertThat(ids(backups("?volume=" + WEB + "&schedule=" + WEB))).containsExactlyInAnyOrderElementsOf(ids(web));
        for (var backup : db) {
            var details = admin(ONE)
                    .get("/api/v1/backups/" + backup.get("id").asText())
                    .json();
            assertThat(details.get("volumes").toString()).isEqualTo("[\"" + DB + "\"]");
            assertThat(details.get("schedule").asText()).isEqualTo(DB);
            assertThat(details.get("type").asText()).isEqualTo("scheduled");
        }
        // Retention after each run kept each schedule's keep_last newest (two or more ran): its own keep_last,
        // as the other's would leave one too many or too few.
        assertThat(db).hasSize(2);
        assertThat(web).hasSize(1);
        // In one minute at least, both schedules fired: the claims are per schedule and time.
        assertThat(minutesBothRan()).isNotEmpty();

        var status = admin(TWO).get("/api/v1/backups/scheduler").json();
        for (var name : List.of(DB, WEB)) {
            var state = stateOf(status, name);
            assertThat(state.get("last_success").asText()).isNotEmpty();
            assertThat(state.get("last_run").get("outcome").asText()).isIn("started", "skipped");
            assertThat(state.has("skipped_ticks")).isTrue();
        }
        assertThat(status.has("skipped_ticks")).isTrue();
        assertThat(status.get("schedules").get(0).get("name").asText()).isEqualTo("default");

        // Per schedule, as an alert sees them: switched off, no timer, and when it last ran and last succeeded.
        var off = metrics(ONE);
        for (var name : List.of(DB, WEB)) {
            assertThat(metric(off, "ops_center_scheduler_enabled", name)).isZero();
            assertThat(metric(off, "ops_center_scheduler_next_run_timestamp_seconds", name))
                    .isNaN();
            var lastSuccess = metric(off, "ops_center_scheduler_last_success_timestamp_seconds", name);
            assertThat(lastSuccess).isGreaterThanOrEqualTo(testStart.getEpochSecond());
            assertThat(metric(off, "ops_center_scheduler_last_run_timestamp_seconds", name))
                    .isGreaterThanOrEqualTo(Instant.parse(stateOf(status, name)
                                    .get("last_run")
                                    .get("scheduled_for")
                                    .asText())
                            .getEpochSecond());
            assertThat(metric(off, "ops_center_scheduler_skipped_runs", name))
                    .isEqualTo(stateOf(status, name).get("skipped_ticks").asDouble());
        }
    }

    @Test
    @Order(4)
    void aDryRunSaysWhatWouldGoAndWhyTheRestStays() {
        var before = ids(backups("?schedule=" + DB));
        assertThat(before).hasSize(2);
        admin(ONE).put(SCHEDULES + "/" + DB, "{\"keep_last\":1}");

        var dry = Api.as(Role.MODERATOR, ONE).post(SCHEDULES + "/" + DB + "/retention?dry_run=true", "");
        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        var report = dry.json();
        assertThat(report.get("dry_run").asBoolean()).isTrue();
        assertThat(report.get("remove")).hasSize(1);
        assertThat(report.get("keep")).hasSize(1);
        assertThat(report.get("keep").get(0).get("reasons").toString())
                .contains("last #1", "newest good backup of volume " + DB);
        assertThat(report.get("removed")).isEmpty();
        assertThat(ids(backups("?schedule=" + DB))).containsExactlyInAnyOrderElementsOf(before);

        assertThat(Api.as(Role.MODERATOR, ONE)
                        .post(SCHEDULES + "/" + DB + "/retention", "")
                        .status())
                .isEqualTo(403);
        var pruned = admin(ONE).post(SCHEDULES + "/" + DB + "/retention", "");
        assertThat(pruned.status()).isEqualTo(200);
        assertThat(pruned.json().get("removed").get(0).asText())
                .isEqualTo(report.get("remove").get(0).get("backup_id").asText());
        assertThat(backups("?schedule=" + DB)).hasSize(1);
    }

    @Test
    @Order(5)
    void aDeletedScheduleKeepsItsBackupsAndLeavesEveryServer() throws Exception {
        var kept = ids(backups("?schedule=" + WEB));
        assertThat(admin(ONE).delete(SCHEDULES + "/" + WEB).status()).isEqualTo(200);

        ScheduleIT.awaitTrue(
                Duration.ofSeconds(90),
                () -> stateOf(admin(TWO).get("/api/v1/backups/scheduler").json(), WEB) == null);
        assertThat(ids(backups("?schedule=" + WEB))).containsExactlyInAnyOrderElementsOf(kept);
        // Its series leave the server that deleted it at once, the others when they re-arm (within a minute).
        ScheduleIT.awaitTrue(Duration.ofSeconds(90), () -> !metrics(ONE).contains("schedule=\"" + WEB + "\""));
        assertThat(metrics(ONE)).contains("schedule=\"" + DB + "\"");
        var retention = admin(ONE).post(SCHEDULES + "/" + WEB + "/retention?dry_run=true", "");
        assertThat(retention.status()).isEqualTo(404);
    }

    /** The application's metrics as Prometheus scrapes them (no token). */
    static String metrics(Server server) {
        return Api.get(server.baseUrl() + "/metrics?scope=application", "Accept", "text/plain")
                .body();
    }

    /** The value of a per-schedule gauge; fails when the schedule has no such series. */
    static double metric(String text, String name, String schedule) {
        var line = Pattern.compile(
                "^" + name + "\\{[^}]*schedule=\"" + Pattern.quote(schedule) + "\"[^}]*\\}\\s+(\\S+)",
                Pattern.MULTILINE);
        var m = line.matcher(text);
        assertThat(m.find()).as(name + " of " + schedule + " in\n" + text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** A minute of the schedule claimed after {@code after}. */
    static boolean firedAfter(String name, Instant after) {
        return SEEN.getOrDefault(name, Set.of()).stream().anyMatch(minute -> minute.isAfter(after));
    }

    static boolean armed(Server server, String name) {
        var state = stateOf(admin(server).get("/api/v1/backups/scheduler").json(), name);
        return state != null
                && !state.get("next_run").isNull()
                && Instant.parse(state.get("next_run").asText())
                        .isBefore(Instant.now().plusSeconds(61));
    }

    static JsonNode stateOf(JsonNode status, String name) {
        for (var state : status.get("schedules")) {
            if (state.get("name").asText().equals(name)) {
                return state;
            }
        }
        return null;
    }

    /** How many scheduled minutes of the schedule were claimed since the test began, by its last run. */
    static final Map<String, Set<Instant>> SEEN = new HashMap<>();

    static int claimedMinutes(String name) {
        var state = stateOf(admin(ONE).get("/api/v1/backups/scheduler").json(), name);
        if (state != null && !state.get("last_run").isNull()) {
            SEEN.computeIfAbsent(name, n -> new HashSet<>())
                    .add(Instant.parse(
                            state.get("last_run").get("scheduled_for").asText()));
        }
        return SEEN.getOrDefault(name, Set.of()).size();
    }

    /** The scheduled minutes both schedules were seen to have run for. */
    static Set<Instant> minutesBothRan() {
        var both = new HashSet<>(SEEN.getOrDefault(DB, Set.of()));
        both.retainAll(SEEN.getOrDefault(WEB, Set.of()));
        return both;
    }

    static boolean noneRunning(String name) {
        for (var backup : backups("?schedule=" + name)) {
            if ("running".equals(backup.get("status").asText())) {
                return false;
            }
        }
        return true;
    }

    static List<JsonNode> backups(String query) {
        var list = new ArrayList<JsonNode>();
        admin(ONE).get("/api/v1/backups" + query).json().get("backups").forEach(list::add);
        return list;
    }

    static List<String> ids(List<JsonNode> backups) {
        return backups.stream().map(b -> b.get("id").asText()).toList();
    }

    static Map<Instant, List<String>> perMinute(List<JsonNode> backups) {
        var byMinute = new HashMap<Instant, List<String>>();
        for (var backup : backups) {
            var started = Instant.parse(backup.get("timestamp").asText());
            assertThat(started).isAfterOrEqualTo(testStart);
            byMinute.computeIfAbsent(started.truncatedTo(ChronoUnit.MINUTES), m -> new ArrayList<>())
                    .add(backup.get("id").asText());
        }
        return byMinute;
    }
}
