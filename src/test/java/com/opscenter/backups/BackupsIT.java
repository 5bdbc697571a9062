package com.opscenter.backups;

import static com.opscenter.backups.BackupFixtures.admin;
import static com.opscenter.backups.BackupFixtures.archiveOf;
import static com.opscenter.backups.BackupFixtures.awaitFinished;
import static com.opscenter.backups.BackupFixtures.awaitRunningWithProgress;
import static com.opscenter.backups.BackupFixtures.backupLocation;
import static com.opscenter.backups.BackupFixtures.completedBackup;
import static com.opscenter.backups.BackupFixtures.config;
import static com.opscenter.backups.BackupFixtures.createBackup;
import static com.opscenter.backups.BackupFixtures.createBody;
import static com.opscenter.backups.BackupFixtures.details;
import static com.opscenter.backups.BackupFixtures.download;
import static com.opscenter.backups.BackupFixtures.moderator;
import static com.opscenter.backups.BackupFixtures.putConfig;
import static com.opscenter.backups.BackupFixtures.sha256;
import static com.opscenter.backups.BackupFixtures.slowVolume;
import static com.opscenter.backups.BackupFixtures.smallVolume;
import static com.opscenter.backups.BackupFixtures.startBackup;
import static com.opscenter.backups.BackupFixtures.useDefaultCodec;
import static com.opscenter.backups.BackupFixtures.useSlowCodec;
import static com.opscenter.backups.BackupFixtures.viewer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The backup API of the spec over HTTP against the PostgreSQL server: contract, roles, bad input, delete,
 * concurrency, download and archives that vanished or rotted on disk.
 */
@ResourceLock(Locks.POSTGRES)
class BackupsIT {

    static final String ID_PATTERN = "backup-\\d{8}-\\d{6}(-\\d+)?";
    static final String ISO_INSTANT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";
    static final String UNKNOWN_ID = "backup-20000101-000000";

    static BackupFixtures.Volume shared;
    static JsonNode sharedBackup;
    static final List<String> created = new ArrayList<>();

    @BeforeAll
    static void oneCompletedBackup() throws IOException {
        useDefaultCodec();
        // Whatever another class left: scheduled backups on, so that next_backup is always there to check.
        putConfig("{\"backup_enabled\":true}");
        shared = smallVolume("shared");
        sharedBackup = completedBackup(shared.name());
        created.add(sharedBackup.get("id").asText());
    }

    @AfterAll
    static void tidyUp() {
        created.forEach(BackupFixtures::deleteQuietly);
        BackupFixtures.removeCreatedFolders();
    }

    static String sharedId() {
        return sharedBackup.get("id").asText();
    }

    // --- contract ---

    @Test
    void createAnswers202WithSpecFieldsAndLocationThenCompletes() throws IOException {
        var volume = smallVolume("contract");
        var response = admin().post("/api/v1/backups/create", createBody(List.of(volume.name()), "contract test"));

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        var body = response.json();
        var id = body.get("backup_id").asText();
        created.add(id);
        assertThat(body.get("success").isBoolean()).isTrue();
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(id).matches(ID_PATTERN);
        assertThat(body.get("message").isTextual()).isTrue();
        assertThat(body.get("backup_type").asText()).isEqualTo("manual");
        assertThat(body.get("status").asText()).isIn("running", "completed");
        assertThat(response.header("Location")).endsWith("/api/v1/backups/" + id);

        var done = awaitFinished(id);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.get("id").asText()).isEqualTo(id);
        assertThat(done.get("type").asText()).isEqualTo("manual");
        assertThat(done.get("description").asText()).isEqualTo("contract test");
        assertThat(done.get("timestamp").asText()).matches(ISO_INSTANT);
        assertThat(done.get("finished_at").asText()).matches(ISO_INSTANT);
        assertThat(done.get("duration").asText()).matches("\\d+:\\d{2}:\\d{2}");
        assertThat(done.get("size").isIntegralNumber()).isTrue();
        assertThat(done.get("size").asLong()).isPositive();
        assertThat(done.get("files_count").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(done.get("codec").asText()).isEqualTo("gzip");
        assertThat(done.get("archive_file").asText()).isEqualTo(id + ".tar.gz");
        assertThat(done.get("sha256").asText()).matches("[0-9a-f]{64}");
        assertThat(texts(done.get("volumes"))).containsExactly(volume.name());
        assertThat(done.get("warnings").isArray()).isTrue();
        assertThat(done.get("warnings")).isEmpty();
        assertThat(done.get("error").isNull()).isTrue();
        var progress = done.get("progress");
        assertThat(progress.get("bytes_total").asLong()).isPositive();
        assertThat(progress.get("bytes_done").asLong())
                .isEqualTo(progress.get("bytes_total").asLong());
        assertThat(progress.get("files_done").asLong())
                .isEqualTo(progress.get("files_total").asLong());
        assertThat(progress.get("percent").asDouble()).isEqualTo(100.0);
        assertThat(Files.size(archiveOf(done))).isEqualTo(done.get("size").asLong());
        assertThat(sha256(archiveOf(done))).isEqualTo(done.get("sha256").asText());

        var list = admin().get("/api/v1/backups");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        var summary = find(list.json().get("backups"), id);
        assertThat(summary.get("timestamp").asText())
                .isEqualTo(done.get("timestamp").asText());
        assertThat(summary.get("size").asLong()).isEqualTo(done.get("size").asLong());
        assertThat(summary.get("files_count").asLong())
                .isEqualTo(done.get("files_count").asLong());
        assertThat(summary.get("duration").asText()).matches("\\d+:\\d{2}:\\d{2}");
        assertThat(summary.get("type").asText()).isEqualTo("manual");
        assertThat(summary.get("status").asText()).isEqualTo("completed");
    }

    @Test
    void listAnswersTheSpecOverviewWithLastAndNextBackup() {
        var list = admin().get("/api/v1/backups");

        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        var body = list.json();
        assertThat(body.get("backup_enabled").isBoolean()).isTrue();
        assertThat(body.get("schedule").isTextual()).isTrue();
        assertThat(body.get("backup_location").isTextual()).isTrue();
        assertThat(body.get("retention_days").isInt()).isTrue();
        assertThat(body.get("backups").isArray()).isTrue();
        // The shared backup completed, so there is a last backup no older than it.
        assertThat(body.get("last_backup").asText()).matches(ISO_INSTANT);
        assertThat(Instant.parse(body.get("last_backup").asText()))
                .isAfterOrEqualTo(Instant.parse(sharedBackup.get("timestamp").asText()));
        // oneCompletedBackup() switched scheduled backups on, so there is a next one.
        assertThat(body.get("backup_enabled").asBoolean()).isTrue();
        assertThat(body.get("next_backup").asText()).matches(ISO_INSTANT);
        assertThat(Instant.parse(body.get("next_backup").asText())).isAfter(Instant.now());
        assertThat(find(body.get("backups"), sharedId()).get("status").asText()).isEqualTo("completed");
    }

    @Test
    void withoutOffsetOrLimitTheListIsWholeAndSaysItsCount() {
        var list = admin().get("/api/v1/backups");

        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.header("X-Total-Count"))
                .isEqualTo(String.valueOf(ids(list.json()).size()));
        assertThat(list.header("Link")).isNull();
    }

    /** Paging is an addition to the spec: the pages, one after the other, are the whole list. */
    @Test
    void pagesOfTheListFollowEachOtherNewestFirst() throws IOException {
        created.add(completedBackup(shared.name()).get("id").asText());
        created.add(completedBackup(shared.name()).get("id").asText());
        var whole = ids(admin().get("/api/v1/backups").json());
        assertThat(whole).hasSizeGreaterThanOrEqualTo(3);

        var first = admin().get("/api/v1/backups?limit=2");
        var second = admin().get("/api/v1/backups?offset=2&limit=2");
        var beyond = admin().get("/api/v1/backups?offset=" + whole.size());

        assertThat(List.of(first.status(), second.status(), beyond.status())).containsOnly(200);
        assertThat(ids(first.json())).isEqualTo(whole.subList(0, 2));
        assertThat(ids(second.json())).isEqualTo(whole.subList(2, Math.min(4, whole.size())));
        assertThat(ids(beyond.json())).isEmpty();
        assertThat(List.of(first.header("X-Total-Count"), second.header("X-Total-Count")))
                .containsOnly(String.valueOf(whole.size()));
        assertThat(first.header("Link"))
                .contains("offset=2")
                .contains("limit=2")
                .endsWith("; rel=\"next\"");
        assertThat(beyond.header("Link")).isNull();
        // A page carries the overview and each backup's cloud state, as the whole list does.
        assertThat(first.json().get("schedule").isTextual()).isTrue();
        assertThat(first.json().get("backups").get(0).get("cloud").get("state").isTextual())
                .isTrue();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"limit=0", "limit=-1", "limit=1001", "offset=-1", "offset=-1&limit=5", "limit=all", "offset=x"})
    void aBadOffsetOrLimitIsRefusedWith400NamingIt(String query) {
        var list = admin().get("/api/v1/backups?" + query);

        assertThat(list.status()).as(list.toString()).isEqualTo(400);
        assertThat(list.json().get("detail").asText())
                .startsWith(query.startsWith("limit") ? "limit must be" : "offset must be");
    }

    @Test
    void contentsListsEntriesWithPathSizeTypeAndMtime() {
        var response = admin().get("/api/v1/backups/" + sharedId() + "/contents");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var entries = response.json();
        assertThat(entries.isArray()).isTrue();
        var prefix = "volumes/" + shared.name() + "/";
        var hello = StreamSupport.stream(entries.spliterator(), false)
                .filter(e -> e.get("path").asText().replaceAll("/$", "").equals(prefix + "hello.txt"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("hello.txt not listed in " + entries));
        assertThat(hello.get("type").asText()).isEqualTo("file");
        assertThat(hello.get("size").asLong()).isEqualTo(("hello " + shared.name() + "\n").length());
        assertThat(hello.get("mtime").asText()).matches(ISO_INSTANT);
        assertThat(paths(entries)).anyMatch(p -> p.replaceAll("/$", "").equals(prefix + "sub/deeper/data.csv"));
        assertThat(StreamSupport.stream(entries.spliterator(), false)
                        .filter(e -> e.get("path").asText().replaceAll("/$", "").equals(prefix + "sub"))
                        .map(e -> e.get("type").asText()))
                .containsExactly("directory");
    }

    @Test
    void verifyOfIntactBackupIsValid() {
        var response = admin().post("/api/v1/backups/verify/" + sharedId(), null);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var body = response.json();
        assertThat(body.get("backup_id").asText()).isEqualTo(sharedId());
        assertThat(body.get("valid").asBoolean()).isTrue();
        assertThat(body.get("checksum_match").asBoolean()).isTrue();
        assertThat(body.get("integrity_check").asText()).matches("valid \\(\\d+ files\\)");
        assertThat(body.get("errors").isArray()).isTrue();
        assertThat(body.get("errors")).isEmpty();
    }

    @Test
    void configAnswersEverySpecField() {
        var body = config();

        assertThat(body.get("backup_enabled").isBoolean()).isTrue();
        assertThat(body.get("schedule").isTextual()).isTrue();
        assertThat(body.get("retention_days").isInt()).isTrue();
        assertThat(body.get("backup_location").asText()).isEqualTo(BackupFixtures.BACKUP_DIR.toString());
        assertThat(body.get("include_paths").isArray()).isTrue();
        assertThat(body.get("exclude_patterns").isArray()).isTrue();
        assertThat(body.get("compression").asText()).isEqualTo("gzip");
        assertThat(body.get("compression_level").asInt()).isEqualTo(6);
    }

    @Test
    void putConfigIsPartialAndAnswersTheWholeConfig() {
        var before = config();
        try {
            var after = putConfig("{\"schedule\":\"30 3 * * *\"}");

            assertThat(after.get("schedule").asText()).isEqualTo("30 3 * * *");
            var unchanged = after.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) unchanged)
                    .put("schedule", before.get("schedule").asText());
            assertThat(unchanged).isEqualTo(before);
            assertThat(config()).isEqualTo(after);
            var list = admin().get("/api/v1/backups").json();
            assertThat(list.get("schedule").asText()).isEqualTo("30 3 * * *");
            assertThat(list.get("backup_enabled").asBoolean()).isTrue();
            assertThat(list.get("next_backup").asText()).endsWith("T03:30:00Z");
        } finally {
            putConfig("{\"schedule\":\"" + before.get("schedule").asText() + "\"}");
        }
    }

    @Test
    void nullIncludeVolumesBacksUpEveryVolumeIncludingOurs() throws IOException {
        var mine = smallVolume("all");
        var response = admin().post(
                        "/api/v1/backups/create",
                        "{\"backup_type\":\"manual\",\"include_volumes\":null,\"description\":\"all volumes\"}");

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        var id = response.json().get("backup_id").asText();
        created.add(id);
        var done = awaitFinished(id);
        assertThat(texts(done.get("volumes"))).contains(mine.name(), shared.name());
        assertThat(paths(admin().get("/api/v1/backups/" + id + "/contents").json()))
                .anyMatch(p -> p.equals("volumes/" + mine.name() + "/hello.txt"));
    }

    // --- roles ---

    record Endpoint(String method, String path, String body, boolean moderatorMayCall) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Endpoint> endpoints() {
        var id = "{id}";
        return Stream.of(
                new Endpoint("GET", "/api/v1/backups", null, true),
                new Endpoint(
                        "POST",
                        "/api/v1/backups/create",
                        "{\"backup_type\":\"manual\",\"include_volumes\":[\"{vol}\"]}",
                        false),
                new Endpoint("GET", "/api/v1/backups/" + id, null, true),
                new Endpoint("GET", "/api/v1/backups/" + id + "/contents", null, true),
                new Endpoint("POST", "/api/v1/backups/verify/" + id, null, true),
                new Endpoint("POST", "/api/v1/backups/" + id + "/restore", "{\"verify_before_restore\":true}", false),
                new Endpoint("DELETE", "/api/v1/backups/" + id, null, false),
                new Endpoint("GET", "/api/v1/backups/config", null, true),
                new Endpoint("PUT", "/api/v1/backups/config", "{\"retention_days\":30}", false),
                new Endpoint("GET", "/api/v1/backups/" + id + "/download", null, false));
    }

    static Api.Response call(Api api, Endpoint endpoint) {
        var path = endpoint.path().replace("{id}", sharedId());
        var body = endpoint.body() == null ? null : endpoint.body().replace("{vol}", shared.name());
        return api.send(endpoint.method(), path, body);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void everyEndpointAnswers401WithDetailWithoutToken(Endpoint endpoint) {
        var response = call(Api.anonymous(BackupFixtures.SERVER), endpoint);

        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.json().get("detail").asText()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void everyEndpointAnswers401ForGarbageToken(Endpoint endpoint) {
        var response = call(Api.withAuthorization("Bearer not.a.token", BackupFixtures.SERVER), endpoint);

        assertThat(response.status()).as(response.toString()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void everyEndpointAnswers403ForViewer(Endpoint endpoint) {
        var response = call(viewer(), endpoint);

        assertThat(response.status()).as(response.toString()).isEqualTo(403);
        assertThat(response.json().get("detail").asText()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void moderatorMayReadAndVerifyButNotChange(Endpoint endpoint) {
        var configBefore = config();

        var response = call(moderator(), endpoint);

        if (endpoint.moderatorMayCall()) {
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
        } else {
            assertThat(response.status()).as(response.toString()).isEqualTo(403);
            assertThat(response.json().get("detail").asText()).isNotBlank();
            assertThat(config()).isEqualTo(configBefore);
            assertThat(details(sharedId()).get("status").asText()).isEqualTo("completed");
        }
    }

    // --- bad input on create ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{\"backup_type\": \"manual\", \"include_volumes\": [",
                "not json at all",
                "{\"backup_type\":\"manual\",\"include_volumes\":\"x\"}",
                "{\"backup_type\":\"manual\",\"include_volumes\":[{\"name\":\"x\"}]}",
                "{\"backup_type\":\"scheduled\",\"include_volumes\":[\"{vol}\"]}",
                "{\"backup_type\":42,\"include_volumes\":[\"{vol}\"]}",
                "{\"backup_type\":\"manual\",\"include_volumes\":[\"{vol}\", \"no-such-volume-{rand}\"]}",
                "{\"backup_type\":\"manual\",\"include_volumes\":[\"../../etc\"]}"
            })
    void createRejectsBadInputWith400AndCreatesNothing(String body) {
        var before = ids(admin().get("/api/v1/backups").json());

        var response = admin().post(
                        "/api/v1/backups/create",
                        body.replace("{vol}", shared.name()).replace("{rand}", BackupFixtures.unique("x")));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).isNotBlank();
        assertThat(ids(admin().get("/api/v1/backups").json())).isEqualTo(before);
    }

    @Test
    void createNamesTheUnknownVolume() {
        var unknown = BackupFixtures.unique("ghost");

        var response = admin().post("/api/v1/backups/create", createBody(List.of(unknown), "ghost"));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).contains(unknown);
    }

    // --- unknown and hostile ids ---

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {UNKNOWN_ID, "backup-x", "backup-20000101-000000.json"})
    void unknownOrHostileIdsAnswer404OnEveryEndpoint(String id) {
        for (var response : everyIdEndpoint(id)) {
            assertThat(response.status()).as(id + ": " + response).isEqualTo(404);
            assertThat(response.json().get("detail").asText()).isNotBlank();
        }
    }

    static List<Api.Response> everyIdEndpoint(String id) {
        return List.of(
                admin().get("/api/v1/backups/" + id),
                admin().get("/api/v1/backups/" + id + "/contents"),
                admin().post("/api/v1/backups/verify/" + id, null),
                admin().post("/api/v1/backups/" + id + "/restore", "{}"),
                admin().get("/api/v1/backups/" + id + "/download"),
                admin().delete("/api/v1/backups/" + id));
    }

    /** Encoded traversal is refused by the web container before routing: 400, still in the JSON error shape. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"..%2F..%2Fetc", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%2e%2e%2f%2e%2e%2fetc"})
    void encodedTraversalInIdsIsRefusedWithJsonOnEveryEndpoint(String id) {
        for (var response : everyIdEndpoint(id)) {
            assertThat(response.status()).as(id + ": " + response).isIn(400, 404);
            assertThat(response.json().get("detail").asText())
                    .as(id + ": " + response)
                    .isNotBlank();
        }
    }

    /**
     * A NUL byte in the URL never reaches the application: Liberty's HTTP layer refuses it with 400 and its own
     * JSON body ({@code error_message}). Nothing is served either way.
     */
    @Test
    void aNulByteInTheUrlIsRefusedBeforeTheApplication() {
        var response = admin().get("/api/v1/backups/backup-20000101-000000%00/download");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().isObject()).isTrue();
    }

    // --- bad configuration ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{\"schedule\":\"0 0 2 * * *\"}",
                "{\"schedule\":\"99 * * * *\"}",
                "{\"schedule\":\"* * 31 2 *\"}",
                "{\"schedule\":\"\"}",
                "{\"schedule\":\"{10k}\"}",
                "{\"retention_days\":0}",
                "{\"retention_days\":-1}",
                "{\"retention_days\":\"abc\"}",
                "{\"backup_location\":\"/proc/x\"}",
                "{\"backup_location\":\"relative/backups\"}",
                "{\"backup_location\":\"{build}/it-postgres/../it-postgres/backups\"}",
                "{\"include_paths\":[\"relative/path\"]}",
                "{\"include_paths\":[\"/no/such/folder/{rand}\"]}",
                "{\"compression\":\"lz4\"}",
                "{\"compression\":\"gzip\",\"compression_level\":42}",
                "{\"compression_level\":-3}",
                "{\"compression\":\"xz\",\"compression_level\":10}",
                "{\"backup_enabled\":\"maybe\"}",
                "{\"retention_days\": 7,",
                "[1,2,3]"
            })
    void putConfigRejectsInvalidValuesAndKeepsConfig(String body) {
        var before = config();

        var response = admin().put(
                        "/api/v1/backups/config",
                        body.replace("{10k}", "*".repeat(10_240))
                                .replace("{build}", BackupFixtures.BUILD.toString())
                                .replace("{rand}", BackupFixtures.unique("p")));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).isNotBlank();
        assertThat(config()).isEqualTo(before);
    }

    @Test
    void putConfigWithUnwritableLocationSaysWhy() {
        var response = admin().put("/api/v1/backups/config", "{\"backup_location\":\"/proc/x\"}");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).contains("backup_location");
    }

    // --- delete ---

    @Test
    void deleteRemovesArchiveSidecarAndCatalogEntry() throws IOException {
        var volume = smallVolume("delete");
        var done = completedBackup(volume.name());
        var id = done.get("id").asText();
        created.add(id);
        var archive = archiveOf(done);
        var sidecar = backupLocation().resolve(id + ".json");
        assertThat(archive).isRegularFile();
        assertThat(sidecar).isRegularFile();

        var response = admin().delete("/api/v1/backups/" + id);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("success").asBoolean()).isTrue();
        assertThat(response.json().get("backup_id").asText()).isEqualTo(id);
        assertThat(response.json().get("message").asText()).isNotBlank();
        assertThat(archive).doesNotExist();
        assertThat(sidecar).doesNotExist();
        assertThat(admin().get("/api/v1/backups/" + id).status()).isEqualTo(404);
        assertThat(ids(admin().get("/api/v1/backups").json())).doesNotContain(id);
        var again = admin().delete("/api/v1/backups/" + id);
        assertThat(again.status()).as(again.toString()).isEqualTo(404);
    }

    @Test
    void deleteOfRunningBackupAnswers409AndKeepsIt() throws IOException {
        var volume = slowVolume();
        String id = null;
        try {
            useSlowCodec();
            id = createBackup(volume.name());
            created.add(id);
            awaitRunningWithProgress(id);

            var response = admin().delete("/api/v1/backups/" + id);

            assertThat(response.status()).as(response.toString()).isEqualTo(409);
            assertThat(response.json().get("detail").asText()).isNotBlank();
            assertThat(details(id).get("status").asText()).isIn("running", "completed");
        } finally {
            useDefaultCodec();
        }
        var done = awaitFinished(id);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.get("codec").asText()).isEqualTo("xz");
        assertThat(admin().delete("/api/v1/backups/" + id).status()).isEqualTo(200);
    }

    // --- concurrency ---

    @Test
    void twoBackupsOfTheSameVolumeAtOnceGiveOne202AndOne409() throws Exception {
        var volume = BackupFixtures.newVolume("race");
        // Enough data that the first backup is still running when the second request arrives.
        BackupFixtures.fillRandom(volume.path(), 8, 8 << 20);

        var responses = concurrently(() -> startBackup(volume.name()), () -> startBackup(volume.name()));

        responses.stream()
                .filter(r -> r.status() == 202)
                .forEach(r -> created.add(r.json().get("backup_id").asText()));
        assertThat(responses)
                .extracting(Api.Response::status)
                .as(responses.toString())
                .containsExactlyInAnyOrder(202, 409);
        var conflict =
                responses.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
        assertThat(conflict.json().get("detail").asText()).contains(volume.name());
        var winner =
                responses.stream().filter(r -> r.status() == 202).findFirst().orElseThrow();
        assertThat(awaitFinished(winner.json().get("backup_id").asText())
                        .get("status")
                        .asText())
                .isEqualTo("completed");
    }

    @Test
    void twoBackupsOfDifferentVolumesAtOnceBothStart() throws Exception {
        var first = smallVolume("pair-a");
        var second = smallVolume("pair-b");

        var responses = concurrently(() -> startBackup(first.name()), () -> startBackup(second.name()));

        responses.stream()
                .filter(r -> r.status() == 202)
                .forEach(r -> created.add(r.json().get("backup_id").asText()));
        assertThat(responses)
                .extracting(Api.Response::status)
                .as(responses.toString())
                .containsExactly(202, 202);
        var ids =
                responses.stream().map(r -> r.json().get("backup_id").asText()).toList();
        assertThat(ids.get(0)).isNotEqualTo(ids.get(1));
        for (var id : ids) {
            assertThat(awaitFinished(id).get("status").asText()).isEqualTo("completed");
        }
    }

    @SafeVarargs
    static List<Api.Response> concurrently(java.util.function.Supplier<Api.Response>... calls) {
        var start = new CountDownLatch(1);
        var futures = Arrays.stream(calls)
                .map(call -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return call.get();
                }))
                .toList();
        start.countDown();
        return futures.stream().map(CompletableFuture::join).toList();
    }

    // --- download ---

    @Test
    void downloadStreamsTheArchiveWithLengthTypeAndFileName() {
        var response = download(sharedId(), null);

        assertThat(response.statusCode()).isEqualTo(200);
        var body = response.body();
        assertThat(response.headers().firstValue("Content-Length")).hasValue(String.valueOf(body.length));
        assertThat(body.length).isEqualTo(sharedBackup.get("size").asInt());
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/gzip");
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("attachment")
                .contains("filename=\"" + sharedId() + ".tar.gz\"");
        assertThat(sha256(body)).isEqualTo(sharedBackup.get("sha256").asText());
        assertThat(body[0] & 0xff).isEqualTo(0x1f);
        assertThat(body[1] & 0xff).isEqualTo(0x8b);
    }

    @Test
    void downloadAnswersARangeWith206AndThoseBytes() {
        var whole = download(sharedId(), null).body();

        var response = download(sharedId(), "bytes=10-19");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 10-19/" + whole.length);
        assertThat(response.headers().firstValue("Content-Length")).hasValue("10");
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(whole, 10, 20));

        var tail = download(sharedId(), "bytes=" + (whole.length - 5) + "-");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(whole, whole.length - 5, whole.length));
    }

    @Test
    void downloadAnswers416ForAnUnsatisfiableRange() {
        var size = sharedBackup.get("size").asLong();

        var response = download(sharedId(), "bytes=" + (size + 100) + "-" + (size + 200));

        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */" + size);
    }

    // --- archives that rot or vanish on disk ---

    @Test
    void verifyCatchesOneFlippedByteInTheStoredArchive() throws IOException {
        var volume = smallVolume("rot");
        BackupFixtures.fillRandom(volume.path(), 3, 64 << 10);
        var done = completedBackup(volume.name());
        var id = done.get("id").asText();
        created.add(id);
        flipMiddleByte(archiveOf(done));

        var response = admin().post("/api/v1/backups/verify/" + id, null);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var body = response.json();
        assertThat(body.get("valid").asBoolean()).isFalse();
        assertThat(body.get("checksum_match").asBoolean()).isFalse();
        assertThat(body.get("errors")).isNotEmpty();
        assertThat(body.get("integrity_check").asText()).doesNotStartWith("valid");
    }

    static void flipMiddleByte(java.nio.file.Path file) throws IOException {
        var bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= (byte) 0xff;
        Files.write(file, bytes);
    }

    @Test
    void vanishedArchiveAnswers410OrNotFoundAndTurnsMissing() throws IOException {
        var volume = smallVolume("vanish");
        var done = completedBackup(volume.name());
        var id = done.get("id").asText();
        created.add(id);
        Files.delete(archiveOf(done));

        var verify = admin().post("/api/v1/backups/verify/" + id, null);
        var downloaded = admin().get("/api/v1/backups/" + id + "/download");
        var contents = admin().get("/api/v1/backups/" + id + "/contents");
        var restore = admin().post("/api/v1/backups/" + id + "/restore", "{\"verify_before_restore\":false}");

        for (var response : List.of(verify, downloaded, contents, restore)) {
            assertThat(response.status()).as(response.toString()).isIn(404, 410);
            assertThat(response.json().get("detail").asText()).isNotBlank();
        }
        assertThat(details(id).get("status").asText()).isEqualTo("missing");
        assertThat(find(admin().get("/api/v1/backups").json().get("backups"), id)
                        .get("status")
                        .asText())
                .isEqualTo("missing");
        var delete = admin().delete("/api/v1/backups/" + id);
        assertThat(delete.status()).as(delete.toString()).isEqualTo(200);
        assertThat(backupLocation().resolve(id + ".json")).doesNotExist();
    }

    // --- helpers ---

    static JsonNode find(JsonNode backups, String id) {
        return StreamSupport.stream(backups.spliterator(), false)
                .filter(b -> b.get("id").asText().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError(id + " not listed in " + backups));
    }

    static List<String> ids(JsonNode list) {
        return StreamSupport.stream(list.get("backups").spliterator(), false)
                .map(b -> b.get("id").asText())
                .toList();
    }

    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    static List<String> paths(JsonNode entries) {
        return StreamSupport.stream(entries.spliterator(), false)
                .map(e -> e.get("path").asText())
                .toList();
    }
}
