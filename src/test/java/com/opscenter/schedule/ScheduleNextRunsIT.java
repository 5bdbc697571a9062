package com.opscenter.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import com.opscenter.it.Role;
import com.opscenter.it.Server;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The cron preview the console shows before a schedule is saved: its answer on the real server, who may ask, and
 * that what a schedule would refuse it refuses with the same field named.
 */
@ResourceLock(value = Locks.EMBEDDED, mode = ResourceAccessMode.READ)
class ScheduleNextRunsIT {

    static final Server SERVER = Server.EMBEDDED;
    static final String NEXT_RUNS = "/api/v1/backups/schedules/next-runs";

    static String query(String cron, String timezone, String count) {
        var query = new StringBuilder(NEXT_RUNS + "?cron=" + URLEncoder.encode(cron, StandardCharsets.UTF_8));
        if (timezone != null) {
            query.append("&timezone=").append(URLEncoder.encode(timezone, StandardCharsets.UTF_8));
        }
        if (count != null) {
            query.append("&count=").append(count);
        }
        return query.toString();
    }

    @Test
    void adminsAndModeratorsSeeTheNextRunsInUtcOnTheZonesWallClock() {
        var before = Instant.now();
        var answer = Api.as(Role.MODERATOR, SERVER).get(query("30 2 * * 1-5", "Europe/Berlin", null));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().get("cron").asText()).isEqualTo("30 2 * * 1-5");
        assertThat(answer.json().get("timezone").asText()).isEqualTo("Europe/Berlin");
        var runs = new ArrayList<Instant>();
        answer.json().get("next_runs").forEach(run -> runs.add(Instant.parse(run.asText())));
        assertThat(answer.json().get("next_runs").get(0).asText()).endsWith("Z");
        assertThat(runs).hasSize(5).isSorted().doesNotHaveDuplicates();
        assertThat(runs.get(0)).isAfter(before);
        for (var run : runs) {
            var berlin = ZonedDateTime.ofInstant(run, ZoneId.of("Europe/Berlin"));
            assertThat(berlin.getHour()).as(run.toString()).isEqualTo(2);
            assertThat(berlin.getMinute()).isEqualTo(30);
            assertThat(berlin.getDayOfWeek().getValue()).isBetween(1, 5);
        }

        var twenty = Api.as(Role.ADMIN, SERVER).get(query("*/5 * * * *", "UTC", "20"));
        assertThat(twenty.status()).isEqualTo(200);
        assertThat(twenty.json().get("next_runs")).hasSize(20);
    }

    @Test
    void onlyAdminsAndModeratorsMayAsk() {
        assertThat(Api.anonymous(SERVER).get(query("0 2 * * *", "UTC", null)).status())
                .isEqualTo(401);
        assertThat(Api.as(Role.VIEWER, SERVER)
                        .get(query("0 2 * * *", "UTC", null))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aBadExpressionTimeZoneOrCountIsNamedInA400() {
        for (var bad : Map.of(
                        "cron: minute", query("61 * * * *", "UTC", null),
                        "cron: expected 5 fields", query("0 2 * *", "UTC", null),
                        "cron: is required", NEXT_RUNS,
                        "timezone: unknown time zone", query("0 2 * * *", "Mars/Olympus", null),
                        "count: must be 1 to 20", query("0 2 * * *", "UTC", "21"),
                        "count: must be a whole number", query("0 2 * * *", "UTC", "five"))
                .entrySet()) {
            var response = Api.as(Role.ADMIN, SERVER).get(bad.getValue());
            assertThat(response.status()).as(bad.getValue() + ": " + response).isEqualTo(400);
            assertThat(response.json().get("detail").asText())
                    .as(bad.getValue())
                    .startsWith(bad.getKey());
        }
    }
}
