package com.opscenter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import com.opscenter.it.Processes;
import com.opscenter.it.Role;
import com.opscenter.it.Server;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The metrics as Prometheus sees them, on the PostgreSQL server after a few real backups: promtool accepts the
 * exposition, the exported names are the ones {@link OpsMetric} promises, the counters move, and a real Prometheus
 * scrapes the service and answers PromQL with the backup count and a recent last success.
 */
@ResourceLock(Locks.POSTGRES)
class MetricsIT {

    static final Server SERVER = Server.POSTGRES;
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+(\\S+)");

    static final List<String> created = new ArrayList<>();
    static Path volume;
    static Map<String, Double> before;

    @BeforeAll
    static void twoManualBackups() throws Exception {
        volume = SERVER.volumesRoot()
                .toAbsolutePath()
                .normalize()
                .resolve("itmet-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectories(volume.resolve("sub"));
        Files.writeString(volume.resolve("hello.txt"), "hello metrics\n");
        Files.writeString(volume.resolve("sub/data.csv"), "a,b\n1,2\n");
        before = samples(scrape("/metrics"));
        for (int i = 0; i < 2; i++) {
            created.add(completedBackup(volume.getFileName().toString()));
        }
    }

    @AfterAll
    static void tidyUp() throws IOException {
        created.forEach(id -> admin().delete("/api/v1/backups/" + id));
        if (volume != null) {
            try (var walk = Files.walk(volume)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void metricsAreOpenToAnonymousScrapersAndPromtoolAcceptsThem() throws Exception {
        var all = scrape("/metrics");
        // Liberty's own base and vendor metrics break promtool's naming lint (camelCase, gauges named _count), so
        // the whole page must parse (exit 1 is a parse error, 3 is lint) and the application scope must be clean.
        var whole = Promtool.run(Path.of("."), all, "check", "metrics");
        assertThat(whole.exitCode()).as(whole.output()).isIn(0, 3);
        assertThat(whole.output()).doesNotContain("error while linting").doesNotContain("ops_center_");

        var application = scrape("/metrics?scope=application");
        assertThat(application).contains("ops_center_backup_success_total");
        var ours = Promtool.run(Path.of("."), application, "check", "metrics");
        assertThat(ours.exitCode()).as(ours.output()).isZero();
    }

    @Test
    void serverExportsEveryNameThatDashboardAndRulesMayUse() throws Exception {
        // Measuring the volumes fills the size cache (walks the answer did not wait for go on in the background); the
        // per-volume gauges follow within one refresh (15 s).
        assertThat(admin().get("/api/v1/storage/volumes").status()).isEqualTo(200);
        var ourVolume =
                "ops_center_volume_size_bytes{mp_scope=\"application\",volume=\"" + volume.getFileName() + "\",}";
        var names = awaitScrape(
                text -> sampleNames(text).containsAll(OpsMetric.allExportedNames()) && text.contains(ourVolume),
                Duration.ofSeconds(45));
        assertThat(sampleNames(names)).containsAll(OpsMetric.allExportedNames());
        assertThat(names).contains(ourVolume);
    }

    @Test
    void backupCountersAndGaugesFollowTheBackups() throws Exception {
        var after = samples(scrape("/metrics"));
        var manual = "{mp_scope=\"application\",type=\"manual\",}";
        assertThat(delta(after, "ops_center_backup_success_total" + manual)).isEqualTo(2.0);
        assertThat(delta(after, "ops_center_backup_attempt_total" + manual)).isEqualTo(2.0);
        assertThat(delta(after, "ops_center_backup_failure_total" + manual)).isZero();
        assertThat(delta(after, "ops_center_backup_duration_seconds_count{mp_scope=\"application\",}"))
                .isEqualTo(2.0);
        assertThat(delta(after, "ops_center_backup_bytes_total{mp_scope=\"application\",}"))
                .isPositive();
        assertThat(after.get("ops_center_backup_last_files{mp_scope=\"application\",}"))
                .isEqualTo(2.0);
        assertThat(after.get("ops_center_backup_last_success_timestamp_seconds{mp_scope=\"application\",}"))
                .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(300.0));
        assertThat(after.get("ops_center_backups_in_catalog{mp_scope=\"application\",}"))
                .isEqualTo((double) catalogSize());

        var verify = admin().post("/api/v1/backups/verify/" + created.get(0), null);
        assertThat(verify.status()).as(verify.toString()).isEqualTo(200);
        var extra = completedBackup(volume.getFileName().toString());
        assertThat(admin().delete("/api/v1/backups/" + extra).status()).isEqualTo(200);
        var later = samples(scrape("/metrics"));
        assertThat(later.get("ops_center_backup_verify_total{mp_scope=\"application\",}")
                        - after.get("ops_center_backup_verify_total{mp_scope=\"application\",}"))
                .isEqualTo(1.0);
        assertThat(later.get("ops_center_backup_delete_total{mp_scope=\"application\",}")
                        - after.get("ops_center_backup_delete_total{mp_scope=\"application\",}"))
                .isEqualTo(1.0);
    }

    @Test
    void realPrometheusScrapesTheServiceAndAnswersPromQl(@TempDir Path dir) throws Exception {
        var config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: ops-center
                    metrics_path: /metrics
                    static_configs:
                      - targets: ['localhost:%d']
                """.formatted(SERVER.httpPort()));
        var log = dir.resolve("prometheus.log");
        try (var prometheus = Processes.command(
                        "prometheus",
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:9099")
                .timeout(Duration.ofSeconds(20))
                .background(log)) {
            var expected = catalogSize();
            var count = awaitQuery("ops_center_backups_in_catalog{job=\"ops-center\"}", Duration.ofSeconds(60), log);
            assertThat(count).isEqualTo((double) expected);
            var age = awaitQuery(
                    "time() - ops_center_backup_last_success_timestamp_seconds", Duration.ofSeconds(10), log);
            assertThat(age).isBetween(-5.0, 600.0);
            var successes = awaitQuery("sum(ops_center_backup_success_total)", Duration.ofSeconds(10), log);
            assertThat(successes).isGreaterThanOrEqualTo(2.0);
            assertThat(prometheus.alive()).as(prometheus.output()).isTrue();
        }
    }

    // --- helpers ---

    static Api admin() {
        return Api.as(Role.ADMIN, SERVER);
    }

    static String completedBackup(String volumeName) throws InterruptedException {
        var body = Api.JSON.createObjectNode();
        body.put("backup_type", "manual");
        body.putArray("include_volumes").add(volumeName);
        body.put("description", "metrics test");
        var response = admin().post("/api/v1/backups/create", body.toString());
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        var id = response.json().get("backup_id").asText();
        var deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            var details = admin().get("/api/v1/backups/" + id).json();
            if (!details.get("status").asText().equals("running")) {
                assertThat(details.get("status").asText())
                        .as(details.toString())
                        .isEqualTo("completed");
                return id;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Backup " + id + " did not finish");
    }

    static int catalogSize() {
        var response = admin().get("/api/v1/backups");
        assertThat(response.status()).isEqualTo(200);
        return response.json().get("backups").size();
    }

    /** Without any token: Prometheus has none. */
    static String scrape(String path) throws IOException, InterruptedException {
        var response = HTTP.send(
                HttpRequest.newBuilder(URI.create(SERVER.baseUrl() + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return response.body();
    }

    static String awaitScrape(Predicate<String> done, Duration timeout) throws Exception {
        var deadline = Instant.now().plus(timeout);
        var text = scrape("/metrics");
        while (!done.test(text) && Instant.now().isBefore(deadline)) {
            Thread.sleep(1000);
            text = scrape("/metrics");
        }
        return text;
    }

    /** Sample lines keyed by name and label set as written, e.g. {@code x_total{mp_scope="application",}}. */
    static Map<String, Double> samples(String text) {
        var samples = new HashMap<String, Double>();
        for (var line : text.split("\n")) {
            var m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.find()) {
                samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.valueOf(m.group(3)));
            }
        }
        return samples;
    }

    static Set<String> sampleNames(String text) {
        var names = new TreeSet<String>();
        samples(text).keySet().forEach(key -> names.add(key.replaceAll("\\{.*", "")));
        return names;
    }

    static double delta(Map<String, Double> after, String key) {
        assertThat(after).containsKey(key);
        return after.get(key) - before.getOrDefault(key, 0.0);
    }

    /** The single value of an instant query, once Prometheus has one. */
    static double awaitQuery(String promql, Duration timeout, Path log) throws Exception {
        var deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            try {
                var uri = URI.create("http://127.0.0.1:9099/api/v1/query?query="
                        + URLEncoder.encode(promql, StandardCharsets.UTF_8));
                var response =
                        HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
                last = response.body();
                var result = Api.read(last).at("/data/result");
                if (response.statusCode() == 200 && result.size() == 1) {
                    return Double.parseDouble(result.get(0).get("value").get(1).asText());
                }
            } catch (IOException e) {
                last = e.toString(); // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Prometheus gave no single value for " + promql + ": " + last + "\nlog:\n"
                + (Files.exists(log) ? Files.readString(log) : "(none)"));
    }
}
