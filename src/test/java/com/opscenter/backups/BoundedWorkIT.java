package com.opscenter.backups;

import static com.opscenter.backups.BackupFixtures.admin;
import static com.opscenter.backups.BackupFixtures.completedBackup;
import static com.opscenter.backups.BackupFixtures.deleteQuietly;
import static com.opscenter.backups.BackupFixtures.fillRandom;
import static com.opscenter.backups.BackupFixtures.newVolume;
import static com.opscenter.backups.BackupFixtures.useDefaultCodec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Bounded work on the PostgreSQL server, which runs one verification at a time (LIMITS_VERIFY=1 in itPostgres.env):
 * a caller beyond the limit is refused with 429 and Retry-After, catalog pages read one at a time
 * (LIMITS_CATALOG_READS=1) make concurrent callers wait their turn instead, a long listing comes in pages, and
 * control characters reach the audit trail escaped (the flood of anonymous requests is {@code audit.DeniedFloodIT}).
 */
@ResourceLock(Locks.POSTGRES)
class BoundedWorkIT {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    static String id;

    @BeforeAll
    static void aBackupThatTakesAWhileToVerify() throws IOException {
        useDefaultCodec();
        var volume = newVolume("bounded");
        // Incompressible, so that verifying reads and hashes for a noticeable time and requests overlap.
        fillRandom(volume.path(), 60, 1 << 20);
        id = completedBackup(volume.name()).get("id").asText();
    }

    @AfterAll
    static void tidyUp() {
        deleteQuietly(id);
        BackupFixtures.removeCreatedFolders();
    }

    @Test
    void aVerificationBeyondTheLimitIsRefusedWith429AndRetryAfter() {
        var answers = new ArrayList<Api.Response>();
        // Four at once against a limit of one; a burst where none overlapped is simply sent again.
        for (int burst = 0; burst < 10 && answers.stream().noneMatch(r -> r.status() == 429); burst++) {
            Supplier<Api.Response> verify = () -> admin().post("/api/v1/backups/verify/" + id, null);
            answers.addAll(BackupsIT.concurrently(verify, verify, verify, verify));
        }

        assertThat(answers)
                .extracting(Api.Response::status)
                .containsOnly(200, 429)
                .contains(200, 429);
        var refused =
                answers.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
        assertThat(refused.header("Retry-After")).as(refused.toString()).isEqualTo("30");
        assertThat(refused.json().get("detail").asText()).contains("limit 1");
        answers.stream()
                .filter(r -> r.status() == 200)
                .forEach(r -> assertThat(r.json().get("valid").asBoolean())
                        .as(r.toString())
                        .isTrue());
    }

    @Test
    void catalogPagesBeyondTheirLimitWaitTheirTurnAndAllAnswer() {
        Supplier<Api.Response> backups = () -> admin().get("/api/v1/backups?limit=5");
        Supplier<Api.Response> audit = () -> admin().get("/api/v1/audit?limit=5");
        Supplier<Api.Response> anonymous =
                () -> Api.anonymous(BackupFixtures.SERVER).get("/api/v1/backups");

        // Twelve at once against one turn at a time: none refused, each the answer it would get alone.
        var answers = BackupsIT.concurrently(
                backups, audit, anonymous, backups, audit, backups, audit, backups, audit, backups, audit, anonymous);

        assertThat(answers.stream().filter(r -> r.json().has("backups")))
                .hasSize(5)
                .allSatisfy(r -> {
                    assertThat(r.status()).as(r.toString()).isEqualTo(200);
                    assertThat(r.json().get("backups").size()).isBetween(1, 5);
                    assertThat(r.header("X-Total-Count")).isNotNull();
                });
        assertThat(answers.stream().filter(r -> r.json().has("entries")))
                .hasSize(5)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        assertThat(answers.stream().filter(r -> r.status() == 401)).hasSize(2);
    }

    @Test
    void contentsComeInPagesThatAddUpToTheWholeListing() {
        var whole = admin().get("/api/v1/backups/" + id + "/contents?limit=10000");
        assertThat(whole.status()).as(whole.toString()).isEqualTo(200);
        var all = paths(whole.json());
        assertThat(whole.header("X-Total-Count")).isEqualTo(String.valueOf(all.size()));
        assertThat(whole.header("Link")).as("one page holds everything").isNull();
        assertThat(all).hasSizeGreaterThan(60);

        var first = admin().get("/api/v1/backups/" + id + "/contents?limit=25");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().size()).isEqualTo(25);
        assertThat(first.header("X-Total-Count")).isEqualTo(String.valueOf(all.size()));
        var paged = new ArrayList<>(paths(first.json()));
        var link = first.header("Link");
        while (link != null) {
            var matcher = NEXT.matcher(link);
            assertThat(matcher.find()).as(link).isTrue();
            var next = URI.create(matcher.group(1));
            assertThat(next.getQuery()).contains("offset=" + paged.size(), "limit=25");
            var page = admin().get(next.getRawPath().replaceFirst("^.*?/api/", "/api/") + "?" + next.getRawQuery());
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            paged.addAll(paths(page.json()));
            link = page.header("Link");
        }
        assertThat(paged).containsExactlyElementsOf(all);
        assertThat(new HashSet<>(paged)).hasSameSizeAs(paged);

        var limit = admin().get("/api/v1/backups/" + id + "/contents?limit=0");
        assertThat(limit.status()).isEqualTo(400);
    }

    @Test
    void controlCharactersInARequestReachTheAuditTrailEscaped() {
        // Open Liberty refuses control characters in a URL path (400 before the application); a JSON body carries
        // them, and the refusal's detail, which names the volume, goes into the audit row.
        var before = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        var forged = "x\n2025-01-01T00:00:00Z admin backup.delete SUCCESS\u001b[2K";

        var answer = admin().post(
                        "/api/v1/backups/create",
                        "{\"backup_type\":\"manual\",\"include_volumes\":[" + Api.JSON.valueToTree(forged) + "]}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);

        var page = admin().get("/api/v1/audit?action=backup.create&actor=admin&outcome=failure&from=" + before);
        assertThat(page.status()).isEqualTo(200);
        var details = StreamSupport.stream(page.json().get("entries").spliterator(), false)
                .map(row -> row.get("details").asText())
                .filter(text -> text.contains("Unknown volume"))
                .toList();
        assertThat(details)
                .isNotEmpty()
                .allSatisfy(text -> assertThat(text)
                        .contains("x\\n2025-01-01T00:00:00Z admin backup.delete SUCCESS\\u001b[2K")
                        .doesNotContain("\n", "\u001b"));
    }

    private static List<String> paths(JsonNode entries) {
        return StreamSupport.stream(entries.spliterator(), false)
                .map(e -> e.get("path").asText())
                .toList();
    }
}
