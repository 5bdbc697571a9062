package com.opscenter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import com.opscenter.it.Role;
import com.opscenter.it.Server;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A flood of anonymous requests leaves a few audit rows whose counts add up to it, instead of one row each. It
 * waits up to a minute for the aggregated row, so it runs on itTargets, whose only other user (CloudTargetsIT)
 * holds the same lock, and not on the PostgreSQL servers that most integration tests queue for.
 */
@ResourceLock(Locks.TARGETS)
class DeniedFloodIT {

    static final Server SERVER = Server.TARGETS;

    @Test
    void aFloodOfAnonymousRequestsLeavesAFewAuditRowsThatCountThemAll() throws InterruptedException {
        var before = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        var anonymous = Api.anonymous(SERVER);
        for (int i = 0; i < 40; i++) {
            assertThat(anonymous.get("/api/v1/backups/backup-20260101-000000").status())
                    .isEqualTo(401);
        }

        var during = deniedSince(before);
        assertThat(during.get("total").asLong())
                .as("at most the flood's first row and the summary of an earlier window: " + during)
                .isLessThanOrEqualTo(2);

        // The rest of the flood arrives as one row with a count once its minute is over (written each minute).
        var deadline = Instant.now().plus(Duration.ofMinutes(4));
        JsonNode rows = deniedSince(before);
        while (counted(rows) < 40 && Instant.now().isBefore(deadline)) {
            Thread.sleep(2_000);
            rows = deniedSince(before);
        }
        assertThat(counted(rows)).as(rows.toString()).isGreaterThanOrEqualTo(40);
        assertThat(rows.get("total").asLong()).as(rows.toString()).isLessThanOrEqualTo(3);
        assertThat(StreamSupport.stream(rows.get("entries").spliterator(), false))
                .anySatisfy(row -> {
                    assertThat(row.get("action").asText()).isEqualTo("anonymous.denied");
                    assertThat(row.get("count").asInt()).isGreaterThan(1);
                });
    }

    private static JsonNode deniedSince(Instant from) {
        var page =
                Api.as(Role.ADMIN, SERVER).get("/api/v1/audit?actor=anonymous&outcome=denied&limit=500&from=" + from);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.json();
    }

    private static long counted(JsonNode page) {
        return StreamSupport.stream(page.get("entries").spliterator(), false)
                .mapToLong(row -> row.get("count").asLong())
                .sum();
    }
}
