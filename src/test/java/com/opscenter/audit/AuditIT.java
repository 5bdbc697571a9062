package com.opscenter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import com.opscenter.it.Role;
import com.opscenter.it.Server;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET /api/v1/audit: admin only, paged, filtered by action, actor, outcome and time, with a capped limit. */
@ResourceLock(Locks.EMBEDDED)
class AuditIT {

    static final Server SERVER = Server.EMBEDDED;

    static Api admin() {
        return Api.as(Role.ADMIN, SERVER);
    }

    static List<JsonNode> entries(JsonNode page) {
        var list = new ArrayList<JsonNode>();
        page.get("entries").forEach(list::add);
        return list;
    }

    @org.junit.jupiter.api.AfterAll
    static void restoreTheDefaultRetention() {
        admin().put("/api/v1/backups/config", "{\"retention_days\":7}");
    }

    @Test
    void onlyAdminsReadTheAuditTrail() {
        assertThat(Api.anonymous(SERVER).get("/api/v1/audit").status()).isEqualTo(401);
        var moderator = Api.as(Role.MODERATOR, SERVER).get("/api/v1/audit");
        assertThat(moderator.status()).isEqualTo(403);
        assertThat(moderator.json().get("detail").asText()).isNotBlank();
        assertThat(Api.as(Role.VIEWER, SERVER).get("/api/v1/audit").status()).isEqualTo(403);
    }

    /**
     * The whole trail's total is kept by the writers (audit_log_count), a filtered total is counted: each outcome's
     * count adds up to the kept total, and a change moves it by one.
     */
    @Test
    void theWholeTrailsTotalIsTheSumOfItsCountedParts() {
        var before = admin().get("/api/v1/audit?limit=1").json().get("total").asLong();
        var change = admin().put("/api/v1/backups/config", "{\"retention_days\":8}");
        assertThat(change.status()).as(change.toString()).isEqualTo(200);

        // The server writes a summary of anonymous denials each minute: the whole is read between two equal sums.
        long parts;
        long whole;
        long again;
        int reads = 0;
        do {
            parts = sumOfOutcomes();
            whole = admin().get("/api/v1/audit?limit=1").json().get("total").asLong();
            again = sumOfOutcomes();
        } while (parts != again && ++reads < 3);
        assertThat(whole).isGreaterThan(before).isEqualTo(parts);
    }

    static long sumOfOutcomes() {
        long sum = 0;
        for (var outcome : List.of("success", "failure", "denied")) {
            sum += admin().get("/api/v1/audit?limit=1&outcome=" + outcome)
                    .json()
                    .get("total")
                    .asLong();
        }
        return sum;
    }

    @Test
    void aChangeIsFoundByActionActorOutcomeAndTimeRange() {
        var before = Instant.now().minusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        var change = admin().put("/api/v1/backups/config", "{\"retention_days\":9}");
        assertThat(change.status()).as(change.toString()).isEqualTo(200);
        var after = Instant.now().plusSeconds(2);

        var page = admin().get("/api/v1/audit?action=backup.config.update&actor=admin&outcome=success&from=" + before
                + "&to=" + after);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        var found = entries(page.json());
        assertThat(found).isNotEmpty().allSatisfy(e -> {
            assertThat(e.get("action").asText()).isEqualTo("backup.config.update");
            assertThat(e.get("actor").asText()).isEqualTo("admin");
            assertThat(e.get("outcome").asText()).isEqualTo("success");
            var at = Instant.parse(e.get("timestamp").asText());
            assertThat(at).isBetween(before, after);
        });
        assertThat(page.json().get("total").asLong()).isEqualTo(found.size());

        var future = admin().get("/api/v1/audit?action=backup.config.update&from=" + after.plusSeconds(3600));
        assertThat(entries(future.json())).isEmpty();
        var otherActor = admin().get("/api/v1/audit?action=backup.config.update&actor=nobody-" + System.nanoTime());
        assertThat(otherActor.json().get("total").asLong()).isZero();
        var denied = admin().get("/api/v1/audit?action=backup.config.update&outcome=denied&from=" + before);
        assertThat(entries(denied.json()))
                .noneMatch(e -> e.get("actor").asText().equals("admin"));
    }

    @Test
    void pagesAreNewestFirstAndAHugeLimitIsCapped() {
        for (int i = 0; i < 3; i++) {
            admin().put("/api/v1/backups/config", "{\"retention_days\":" + (10 + i) + "}");
        }
        var first = admin().get("/api/v1/audit?limit=2");
        assertThat(first.json().get("limit").asInt()).isEqualTo(2);
        var firstEntries = entries(first.json());
        assertThat(firstEntries).hasSize(2);
        assertThat(Instant.parse(firstEntries.get(0).get("timestamp").asText()))
                .isAfterOrEqualTo(
                        Instant.parse(firstEntries.get(1).get("timestamp").asText()));
        var second = admin().get("/api/v1/audit?limit=2&offset=2");
        assertThat(entries(second.json()))
                .extracting(e -> e.get("id").asLong())
                .doesNotContainAnyElementsOf(
                        firstEntries.stream().map(e -> e.get("id").asLong()).toList());

        var huge = admin().get("/api/v1/audit?limit=1000000000");
        assertThat(huge.status()).isEqualTo(200);
        assertThat(huge.json().get("limit").asInt()).isEqualTo(500);
        assertThat(entries(huge.json()).size()).isLessThanOrEqualTo(500);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "limit=0",
                "limit=-5",
                "offset=-1",
                "limit=abc",
                "outcome=maybe",
                "from=yesterday",
                "to=2025-13-45T00:00:00Z"
            })
    void badFiltersAnswer400WithDetail(String query) {
        var response = admin().get("/api/v1/audit?" + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
