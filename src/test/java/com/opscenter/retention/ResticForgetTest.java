package com.opscenter.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Keeps} against the real restic (Debian's, which .ci/run installs): one repository with snapshots at
 * known times in a zone with daylight saving, and {@code restic forget --dry-run --json} for each policy. Debian
 * ships restic 0.14, from before restic also kept the oldest snapshot while a count is left (0.15); a backup we
 * keep only for that reason is therefore the one difference allowed, and named as such.
 */
class ResticForgetTest {

    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final DateTimeFormatter RESTIC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir
    static Path work;

    static final List<Instant> times = new ArrayList<>();

    @BeforeAll
    static void snapshotsAtKnownTimes() throws Exception {
        var version = start(List.of("restic", "version"));
        version.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        await(version, "restic", "version");
        assertThat(version.exitValue())
                .as("restic must be installed (apt-get install restic; .ci/run does)")
                .isZero();
        Files.writeString(work.resolve("data"), "x");
        check("restic", "init");
        // Two years of irregular backups, some hours and days with several: every rule meets empty periods,
        // shared periods, the turn of a year and daylight saving changes. Hours avoid 02:00-03:00, which a
        // daylight saving change may skip or repeat in this zone.
        var random = new Random(17);
        var local = new TreeSet<LocalDateTime>();
        var day = LocalDateTime.of(2025, 1, 3, 0, 0);
        while (local.size() < 30) {
            day = day.plusDays(1 + random.nextInt(random.nextInt(4) == 0 ? 60 : 6));
            var at = day.withHour(4 + random.nextInt(20)).withMinute(random.nextInt(60));
            local.add(at);
            if (random.nextInt(3) == 0) {
                local.add(at.plusMinutes(1 + random.nextInt(50)));
            }
        }
        for (var at : local) {
            check("restic", "backup", "-q", "--host", "h", "--time", RESTIC_TIME.format(at), "data");
            times.add(at.atZone(ZONE).toInstant());
        }
    }

    @ParameterizedTest(name = "last={0} hourly={1} daily={2} weekly={3} monthly={4} yearly={5}")
    @CsvSource({
        "3, 0, 0, 0, 0, 0",
        "0, 6, 0, 0, 0, 0",
        "0, 0, 7, 0, 0, 0",
        "0, 0, 0, 4, 6, 0",
        "2, 0, 5, 4, 12, 3",
        "0, 0, 0, 0, 30, 0",
        "0, 0, 0, 0, 0, 5",
        "1, 24, 7, 0, 0, 0",
    })
    void keepsWhatResticKeepsForTheSameReasons(int last, int hourly, int daily, int weekly, int monthly, int yearly)
            throws Exception {
        var policy = new KeepPolicy(last, hourly, daily, weekly, monthly, yearly);
        var restic = resticKeeps(policy);

        var ours = Keeps.of(times, Instant::toString, t -> t, policy, ZONE);
        var expected = new TreeMap<Instant, String>();
        var onlyOldest = new TreeMap<Instant, String>();
        ours.forEach((time, reasons) -> {
            var restics = reasons.stream()
                    .filter(reason -> !reason.oldest())
                    .map(reason -> reason.period().word() + " snapshot")
                    .collect(Collectors.joining(", "));
            (restics.isEmpty() ? onlyOldest : expected).put(time, restics);
        });

        assertThat(restic).as("restic 0.14 keeps, with its reasons").isEqualTo(expected);
        assertThat(onlyOldest.keySet())
                .as("kept only as the oldest while a count is left (restic 0.15 and later)")
                .allMatch(time -> time.equals(times.get(0)));
        assertThat(restic.size() + onlyOldest.size()).isLessThan(times.size());
    }

    /** restic's kept snapshots, by time, each with its reasons in restic's words. */
    static Map<Instant, String> resticKeeps(KeepPolicy policy) throws Exception {
        var command = new ArrayList<>(List.of("restic", "forget", "--dry-run", "--json", "--host", "h"));
        for (var rule : policy.rules()) {
            command.addAll(List.of("--keep-" + rule.period().word(), Integer.toString(rule.count())));
        }
        var json = new ObjectMapper().readTree(check(command.toArray(String[]::new)));
        assertThat(json.size()).as("one group").isEqualTo(1);
        var kept = new TreeMap<Instant, String>();
        for (JsonNode reason : json.get(0).path("reasons")) {
            var time = OffsetDateTime.parse(reason.path("snapshot").path("time").asText())
                    .toInstant();
            var matches = new ArrayList<String>();
            reason.path("matches").forEach(match -> matches.add(match.asText()));
            kept.put(time, String.join(", ", matches));
        }
        assertThat(kept.keySet())
                .as("the kept list and the reasons agree")
                .hasSize(json.get(0).path("keep").size());
        return kept;
    }

    static String check(String... command) throws IOException, InterruptedException {
        var process = start(List.of(command));
        var output = new String(process.getInputStream().readAllBytes());
        await(process, command);
        assertThat(process.exitValue())
                .as(String.join(" ", command) + ":\n" + output)
                .isZero();
        return output;
    }

    static Process start(List<String> command) throws IOException {
        var builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().put("RESTIC_REPOSITORY", work.resolve("repo").toString());
        builder.environment().put("RESTIC_PASSWORD", "retention-test");
        builder.environment().put("RESTIC_CACHE_DIR", work.resolve("cache").toString());
        builder.environment().put("TZ", ZONE.getId());
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        var process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    static void await(Process process, String... command) throws InterruptedException {
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 2 minutes");
        }
    }
}
