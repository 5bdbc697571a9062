package com.opscenter.storage;

import static com.opscenter.it.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opscenter.it.Api;
import com.opscenter.it.DockerCli;
import com.opscenter.it.Locks;
import com.opscenter.it.Processes;
import com.opscenter.it.Role;
import com.opscenter.it.Server;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The storage endpoints against the PostgreSQL server and the machine's real Docker Engine. Every Docker object
 * and directory here carries this run's suffix and is removed afterwards.
 */
@ResourceLock(Locks.POSTGRES)
class StorageIT {

    private static final Server SERVER = Server.POSTGRES;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String IMAGE = "opscenter-it/empty:" + RUN;
    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";
    /** Ask for Docker only, so a test does not compress or delete the other tests' logs and caches. */
    private static final String DOCKER_ONLY =
            "{\"cleanup_docker\": true, \"cleanup_logs\": false, " + "\"cleanup_cache\": false";

    private static final List<String> volumes = new ArrayList<>();
    private static final List<String> containers = new ArrayList<>();
    private static final List<String> images = new ArrayList<>();
    private static final List<Path> directories = new ArrayList<>();

    @TempDir
    static Path work;

    private final Api admin = Api.as(Role.ADMIN, SERVER);

    @BeforeAll
    static void dockerIsThere() throws IOException {
        // No assumption: without a Docker Engine these tests fail, they do not skip.
        assertThat(DockerCli.succeeds("info"))
                .as("docker info: a Docker Engine must be running")
                .isTrue();
        DockerCli.importImage(IMAGE, "empty", work);
        images.add(IMAGE);
    }

    @AfterAll
    static void removeWhatThisRunCreated() throws Exception {
        containers.forEach(id -> DockerCli.succeeds("rm", "-f", id));
        volumes.forEach(name -> DockerCli.succeeds("volume", "rm", "-f", name));
        images.forEach(image -> DockerCli.succeeds("rmi", "-f", image));
        for (var directory : directories) {
            Processes.run("rm", "-rf", directory.toString());
        }
    }

    private static String volume(String name, String... options) {
        var args = new ArrayList<>(List.of("volume", "create"));
        args.addAll(List.of(options));
        if (name != null) {
            args.add(name);
        }
        var created = docker(args.toArray(String[]::new));
        volumes.add(created);
        return created;
    }

    /** A stopped container that mounts {@code volume} (null: an anonymous one); returns its id. */
    private static String containerUsing(String volume) {
        var mount = volume == null ? "/data" : volume + ":/data";
        var id = docker("create", "--network", "none", "-v", mount, IMAGE, "/nothing");
        containers.add(id);
        return id;
    }

    private static Path directoryVolume(String name) throws IOException {
        var directory = Files.createDirectories(SERVER.volumesRoot().resolve(name));
        directories.add(directory);
        return directory;
    }

    private static void write(Path file, int size) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[size]);
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    private static void assertErrorBody(Api.Response response, int... statuses) {
        assertThat(response.status())
                .as(response.toString())
                .isIn(java.util.Arrays.stream(statuses).boxed().toArray());
        assertThat(response.json().path("detail").asText())
                .as(response.toString())
                .isNotBlank();
    }

    @Test
    void dockerVolumeDetailsShowRealSizesCountsAndLargestFiles() throws IOException {
        var name = volume("it-" + RUN + "-vllm-models");
        var data = DockerCli.mountpoint(name);
        for (var i = 1; i <= 12; i++) {
            write(data.resolve("models/qwen/shard-" + i + ".safetensors"), i * 1000);
        }
        Files.createLink(data.resolve("models/shard-12-link"), data.resolve("models/qwen/shard-12.safetensors"));
        write(work.resolve("outside/huge.bin"), 5_000_000);
        Files.createSymbolicLink(data.resolve("escape"), work.resolve("outside"));

        var response = admin.get("/api/v1/storage/volumes/" + name);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var volume = response.json();
        assertThat(volume.path("name").asText()).isEqualTo(name);
        assertThat(volume.path("path").asText()).isEqualTo(data.toString());
        assertThat(volume.path("size").asLong()).isEqualTo(78_000); // 1000 * (1 + ... + 12), the link once
        assertThat(volume.path("total_files").asLong()).isEqualTo(12);
        assertThat(volume.path("type").asText()).isEqualTo("AI Models");
        assertThat(volume.path("health").asText()).isEqualTo("healthy");
        assertThat(volume.path("last_accessed").asText()).matches(TIMESTAMP);
        var largest = volume.path("largest_files");
        assertThat(largest).hasSize(10);
        assertThat(largest.get(0).path("size").asLong()).isEqualTo(12_000);
        assertThat(largest.get(0).path("name").asText()).isIn("shard-12.safetensors", "shard-12-link");
        assertThat(largest.get(9).path("size").asLong()).isEqualTo(3_000);
        assertThat(largest.get(1).path("path").asText()).isEqualTo("models/qwen/shard-11.safetensors");
        assertThat(largest.get(1).path("modified").asText()).matches(TIMESTAMP);

        var list = admin.get("/api/v1/storage/volumes");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().findValuesAsText("name")).contains(name);
    }

    @Test
    void directoryVolumesUnderTheVolumesRootAreListedWithTypeAndInfoHasTheDiskSpace() throws IOException {
        var name = "it-" + RUN + "-postgres";
        var directory = directoryVolume(name);
        write(directory.resolve("base/1/data"), 4096);
        write(directory.resolve("pg_wal/0001"), 1024);

        var volume = admin.get("/api/v1/storage/volumes/" + name).json();
        assertThat(volume.path("path").asText()).isEqualTo(directory.toString());
        assertThat(volume.path("size").asLong()).isEqualTo(5120);
        assertThat(volume.path("type").asText()).isEqualTo("Database");

        var info = Api.as(Role.MODERATOR, SERVER).get("/api/v1/storage/info");
        assertThat(info.status()).as(info.toString()).isEqualTo(200);
        var json = info.json();
        assertThat(json.path("total_space").asLong()).isPositive();
        assertThat(json.path("used_space").asLong() + json.path("free_space").asLong())
                .isLessThanOrEqualTo(json.path("total_space").asLong());
        assertThat(json.path("volumes").findValuesAsText("name")).contains(name);
    }

    @Test
    void theTypeLabelOverridesTheName() {
        var name = volume("it-" + RUN + "-labelled-postgres", "--label", "ops-center.type=Archive");

        assertThat(admin.get("/api/v1/storage/volumes/" + name)
                        .json()
                        .path("type")
                        .asText())
                .isEqualTo("Archive");
    }

    @Test
    void staleVolumesMakeTheHealthAWarningAndATreePastPathMaxIsCountedWhole() throws Exception {
        var stale = directoryVolume("it-" + RUN + "-stale");
        var file = stale.resolve("old-report.csv");
        write(file, 100);
        var longAgo = FileTime.from(Instant.now().minus(Duration.ofDays(400)));
        Files.getFileAttributeView(file, BasicFileAttributeView.class).setTimes(longAgo, longAgo, null);
        // A path past PATH_MAX cannot be opened by name; the walk goes through folder handles and still counts it.
        var deep = directoryVolume("it-" + RUN + "-deep");
        var segment = "d".repeat(250);
        Processes.check(
                "bash",
                "-c",
                "cd '" + deep + "' && for i in $(seq 1 18); do mkdir " + segment + " && cd " + segment
                        + "; done && echo x > f");

        assertThat(admin.get("/api/v1/storage/volumes/" + stale.getFileName())
                        .json()
                        .path("health")
                        .asText())
                .isEqualTo("warning");
        var deepDetails =
                admin.get("/api/v1/storage/volumes/" + deep.getFileName()).json();
        assertThat(deepDetails.path("health").asText())
                .as(deepDetails.toString())
                .isEqualTo("healthy");
        assertThat(deepDetails.path("total_files").asLong())
                .as(deepDetails.toString())
                .isEqualTo(1);
        assertThat(deepDetails.path("size").asLong()).as(deepDetails.toString()).isEqualTo(2);
        var health = healthWithAWarning();

        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        var json = health.json();
        assertThat(json.path("overall_health").asText()).isIn("warning", "critical");
        assertThat(json.path("warning_volumes").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(json.path("total_volumes").asInt())
                .isEqualTo(json.path("healthy_volumes").asInt()
                        + json.path("warning_volumes").asInt()
                        + json.path("error_volumes").asInt());
        assertThat(json.path("disk_usage_percent").isNumber()).isTrue();
        var recommendations = texts(json.path("recommendations"));
        assertThat(recommendations)
                .anyMatch(
                        text -> text.matches("\\d+ volume\\(s\\) not accessed recently\\. " + "Consider archiving\\."));
    }

    /**
     * The health is served from an answer up to STORAGE_HEALTH_CACHE (5 s) old, refreshed in the background: an
     * earlier caller may have cached one from before the stale volume existed, so this asks until an answer counts
     * a warning volume (bounded; the content is what the test asserts, not the time).
     */
    private static Api.Response healthWithAWarning() throws InterruptedException {
        var moderator = Api.as(Role.MODERATOR, SERVER);
        var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            var health = moderator.get("/api/v1/storage/health");
            if (health.status() != 200
                    || health.json().path("warning_volumes").asInt() >= 1
                    || System.nanoTime() > deadline) {
                return health;
            }
            Thread.sleep(250);
        }
    }

    @Test
    @ResourceLock(Locks.DOCKER_IMAGES)
    void dockerCleanupRemovesOnlyUnusedUnprotectedAnonymousVolumesAndDanglingImages() throws IOException {
        // An anonymous volume whose container is gone: the one thing that may go.
        var holder = docker("create", "--network", "none", "-v", "/data", IMAGE, "/nothing");
        var anonymous = docker("inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", holder);
        volumes.add(anonymous);
        docker("rm", holder);
        write(DockerCli.mountpoint(anonymous).resolve("leftover.bin"), 100_000);
        // Kept: an anonymous volume of a stopped container, a protected one, a named one, a named one in use.
        var usedAnonymous = docker("inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", containerUsing(null));
        volumes.add(usedAnonymous);
        var protectedVolume = volume(null, "--label", "ops-center.protect=true");
        var named = volume("it-" + RUN + "-named");
        var usedNamed = volume("it-" + RUN + "-used");
        containerUsing(usedNamed);
        // A dangling image: its tag moved on to a newer import.
        var danglingTag = "opscenter-it/dangling:" + RUN;
        DockerCli.importImage(danglingTag, "first", work);
        var dangling = docker("image", "inspect", "-f", "{{.Id}}", danglingTag);
        DockerCli.importImage(danglingTag, "second", work);
        images.add(danglingTag);
        images.add(dangling);
        var kept = List.of(usedAnonymous, protectedVolume, named, usedNamed);

        var dryRun = admin.post("/api/v1/storage/cleanup", DOCKER_ONLY + ", \"dry_run\": true}");

        assertThat(dryRun.status()).as(dryRun.toString()).isEqualTo(200);
        assertThat(dryRun.json().path("freed_space").asLong()).isZero();
        var plan = texts(dryRun.json().path("actions_performed")).get(0);
        assertThat(plan).contains(anonymous).contains(dangling).doesNotContain(kept.toArray(String[]::new));
        assertThat(DockerCli.succeeds("volume", "inspect", anonymous))
                .as("dry run removed nothing")
                .isTrue();
        assertThat(DockerCli.succeeds("image", "inspect", dangling)).isTrue();

        var cleanup = admin.post("/api/v1/storage/cleanup", DOCKER_ONLY + "}");

        assertThat(cleanup.status()).as(cleanup.toString()).isEqualTo(200);
        var json = cleanup.json();
        assertThat(json.path("success").asBoolean()).as(cleanup.toString()).isTrue();
        assertThat(texts(json.path("actions_performed")).get(0)).startsWith("Docker cleanup: Removed ");
        assertThat(json.path("freed_space").asLong()).isGreaterThanOrEqualTo(100_000);
        assertThat(DockerCli.succeeds("volume", "inspect", anonymous))
                .as("unused anonymous volume pruned")
                .isFalse();
        assertThat(DockerCli.succeeds("image", "inspect", dangling))
                .as("dangling image pruned")
                .isFalse();
        for (var volume : kept) {
            assertThat(DockerCli.succeeds("volume", "inspect", volume))
                    .as(volume + " kept")
                    .isTrue();
        }
        assertThat(DockerCli.succeeds("image", "inspect", IMAGE))
                .as("tagged image kept")
                .isTrue();
        assertThat(DockerCli.succeeds("image", "inspect", danglingTag))
                .as("tagged image kept")
                .isTrue();
    }

    @Test
    void logCleanupCompressesRotatedLogsAndCacheCleanupKeepsSessions() throws IOException {
        var base = SERVER.volumesRoot().getParent();
        var logs = base.resolve("logs/it-" + RUN);
        var cache = base.resolve("cache/it-" + RUN);
        directories.add(logs);
        directories.add(cache);
        var rotatedContent = "old line\n".repeat(10_000);
        Files.createDirectories(logs);
        Files.writeString(logs.resolve("app.log.1"), rotatedContent);
        // Idle for longer than STORAGE_LOG_MIN_IDLE (a day); app.log.2 was just written and must stay as it is.
        Files.setLastModifiedTime(
                logs.resolve("app.log.1"), FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Files.writeString(logs.resolve("app.log.2"), rotatedContent);
        Files.writeString(logs.resolve("app.log"), "current line\n");
        write(cache.resolve("thumbs/x.png"), 2048);
        write(cache.resolve("sess_abc"), 10);

        var response = admin.post(
                "/api/v1/storage/cleanup",
                "{\"cleanup_docker\": false, \"cleanup_logs\": true, \"cleanup_cache\": true}");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("success").asBoolean())
                .as(response.toString())
                .isTrue();
        assertThat(texts(response.json().path("actions_performed")))
                .anyMatch(text -> text.startsWith("Log cleanup: Compressed "))
                .anyMatch(text -> text.startsWith("Cache cleanup: Removed "));
        assertThat(response.json().path("freed_space").asLong()).isGreaterThan(2048);
        assertThat(logs.resolve("app.log.1")).doesNotExist();
        try (var in = new GZIPInputStream(Files.newInputStream(logs.resolve("app.log.1.gz")))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(rotatedContent);
        }
        assertThat(logs.resolve("app.log")).hasContent("current line");
        assertThat(logs.resolve("app.log.2")).hasContent(rotatedContent);
        assertThat(logs.resolve("app.log.2.gz")).doesNotExist();
        assertThat(texts(response.json().path("actions_performed")))
                .anyMatch(text -> text.startsWith("Log cleanup: kept ") && text.contains("app.log.2"));
        assertThat(cache.resolve("sess_abc")).exists();
        assertThat(cache.resolve("thumbs")).doesNotExist();
    }

    @Test
    void backupCleanupDryRunReportsWhatRetentionWouldRemove() {
        var response = admin.post(
                "/api/v1/storage/cleanup",
                "{\"cleanup_docker\": false, \"cleanup_logs\": false, "
                        + "\"cleanup_cache\": false, \"cleanup_backups\": true, \"dry_run\": true}");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(texts(response.json().path("actions_performed")))
                .singleElement()
                .asString()
                .startsWith("Backup cleanup (dry run): would remove ");
        assertThat(response.json().get("freed_space").asLong()).isZero();
    }

    @Test
    void optimizeVerifiesVolumesAndRefusesToPretendItDefragmented() {
        var since = Instant.now().minusSeconds(5);
        var response = admin.post(
                "/api/v1/storage/optimize",
                "{\"compress_logs\": false, \"defragment\": true, \"verify_integrity\": true}");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var json = response.json();
        assertThat(json.path("success").asBoolean()).isFalse();
        assertThat(texts(json.path("errors"))).anyMatch(text -> text.startsWith("Defragmentation is not supported"));
        assertThat(texts(json.path("optimizations")))
                .anyMatch(text -> text.matches("Verified \\d+ volumes, found \\d+ errors"));
        assertThat(json.path("time_taken").asText()).matches("\\d+:\\d{2}:\\d{2}\\.\\d{6}");

        // The work ran off the request thread; what it found still reaches the audit row written on its answer.
        var audit = admin.get("/api/v1/audit?action=storage.optimize&actor=admin&from=" + since);
        assertThat(audit.json().path("entries").findValuesAsText("details"))
                .as(audit.toString())
                .anyMatch(details -> details.startsWith("HTTP 200; ") && details.contains("; errors="));
    }

    @Test
    void badBodiesAreRefusedWith400AndADetail() {
        var nothing = "\"cleanup_docker\": false, \"cleanup_logs\": false, \"cleanup_cache\": false";
        assertErrorBody(admin.post("/api/v1/storage/cleanup", "{\"cleanup_docker\": tru"), 400);
        assertErrorBody(admin.post("/api/v1/storage/cleanup", "{" + nothing + ", \"dry_run\": \"yes\"}"), 400);
        assertErrorBody(admin.post("/api/v1/storage/cleanup", "{" + nothing + ", \"dry_run\": 1}"), 400);
        assertErrorBody(admin.post("/api/v1/storage/cleanup", "{" + nothing + ", \"dryrun\": true}"), 400);
        assertErrorBody(admin.post("/api/v1/storage/cleanup", "[]"), 400);
        assertErrorBody(admin.post("/api/v1/storage/optimize", "{\"verify_integrity\": \"false\"}"), 400);
        assertErrorBody(admin.post("/api/v1/storage/optimize", "{\"compress_logs\": false, \"defrag\": true}"), 400);
    }

    @Test
    void unknownAndEscapingVolumeNamesGet400Or404AndNeverReachOutside() {
        assertErrorBody(admin.get("/api/v1/storage/volumes/it-" + RUN + "-does-not-exist"), 404);
        for (var name : List.of(
                "..%2F..%2Fetc",
                "%2e%2e%2f",
                "%2e%2e",
                "..",
                "..%2F..%2Fetc%2Fpasswd",
                "%2e%2e%2f%2e%2e%2fetc",
                URLEncoder.encode("../../etc", StandardCharsets.UTF_8),
                ".hidden")) {
            var response = admin.get("/api/v1/storage/volumes/" + name);
            assertThat(response.status()).as(name + " -> " + response).isIn(400, 404);
            assertThat(response.body()).as(name).doesNotContain("root:").doesNotContain("\"size\"");
            assertThat(response.json().path("detail").asText())
                    .as(name + " -> " + response)
                    .isNotBlank();
        }
    }

    private static final List<String> READS =
            List.of("/api/v1/storage/info", "/api/v1/storage/volumes", "/api/v1/storage/health");
    private static final List<String> WRITES = List.of("/api/v1/storage/cleanup", "/api/v1/storage/optimize");

    @Test
    void everyEndpointNeedsAToken() {
        var anonymous = Api.anonymous(SERVER);
        var detail = volume("it-" + RUN + "-roles");
        for (var path : READS) {
            assertErrorBody(anonymous.get(path), 401);
        }
        assertErrorBody(anonymous.get("/api/v1/storage/volumes/" + detail), 401);
        for (var path : WRITES) {
            assertErrorBody(anonymous.post(path, "{}"), 401);
        }
    }

    @Test
    void aViewerMayDoNothing() {
        var viewer = Api.as(Role.VIEWER, SERVER);
        var detail = volume("it-" + RUN + "-viewer");
        for (var path : READS) {
            assertErrorBody(viewer.get(path), 403);
        }
        assertErrorBody(viewer.get("/api/v1/storage/volumes/" + detail), 403);
        for (var path : WRITES) {
            assertErrorBody(viewer.post(path, "{}"), 403);
        }
    }

    @Test
    void aModeratorReadsButMayNotCleanUpOrOptimizeAndTheAttemptIsAudited() {
        var moderator = Api.as(Role.MODERATOR, SERVER);
        var detail = volume("it-" + RUN + "-moderated");
        for (var path : READS) {
            assertThat(moderator.get(path).status()).as(path).isEqualTo(200);
        }
        assertThat(moderator.get("/api/v1/storage/volumes/" + detail).status()).isEqualTo(200);
        var since = Instant.now().minusSeconds(5);
        assertErrorBody(moderator.post("/api/v1/storage/cleanup", "{\"dry_run\": true}"), 403);
        assertErrorBody(moderator.post("/api/v1/storage/optimize", "{\"dry_run\": true}"), 403);

        for (var action : List.of("storage.cleanup", "storage.optimize")) {
            var audit = admin.get("/api/v1/audit?action=" + action + "&outcome=denied&actor=moderator&from=" + since);
            assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
            assertThat(audit.json().path("total").asLong())
                    .as(action + " denial audited: " + audit)
                    .isPositive();
        }
        var reads =
                admin.get("/api/v1/audit?action=storage.volume.read&actor=moderator&from=" + since.minusSeconds(60));
        assertThat(reads.json().path("entries").findValuesAsText("target")).contains(detail);
    }

    @Test
    void anAdminMayCallEveryEndpoint() {
        var detail = volume("it-" + RUN + "-admin");
        for (var path : READS) {
            assertThat(admin.get(path).status()).as(path).isEqualTo(200);
        }
        assertThat(admin.get("/api/v1/storage/volumes/" + detail).status()).isEqualTo(200);
        assertThat(admin.post(
                                "/api/v1/storage/cleanup",
                                "{\"cleanup_docker\": false, \"cleanup_logs\": false, "
                                        + "\"cleanup_cache\": false, \"dry_run\": true}")
                        .status())
                .isEqualTo(200);
        var optimize = admin.post(
                "/api/v1/storage/optimize",
                "{\"compress_logs\": false, \"verify_integrity\": false, \"dry_run\": true}");
        assertThat(optimize.status()).as(optimize.toString()).isEqualTo(200);
        assertThat(optimize.json().path("success").asBoolean()).isTrue();
    }
}
