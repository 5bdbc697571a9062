package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.archive.Codec;
import com.opscenter.platform.control.DomainException;
import com.opscenter.platform.control.RecordingEvent;
import com.opscenter.platform.control.TestClock;
import com.opscenter.retention.KeepPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named schedules: what a request may say, what it defaults to, and that 'default' is the configuration. */
class BackupSchedulesTest {

    @TempDir
    Path dir;

    final TestClock clock = TestClock.at("2026-12-01T12:00:00Z");
    final RecordingEvent<BackupConfigChanged> changed = new RecordingEvent<>();
    InMemoryConfigStore configs;
    InMemoryScheduleStore store;
    BackupSchedules schedules;

    @BeforeEach
    void setUp() {
        configs = InMemoryConfigStore.of(dir.resolve("backups"), "0 2 * * *", 7);
        store = new InMemoryScheduleStore();
        var sources = new BackupJobsTest.FixedSources(Map.of("db", dir, "web", dir));
        var settings = TestSettings.backup(dir, dir.resolve("restores"));
        var editor =
                new BackupConfigEditor(configs, new InMemoryBackupCatalog(clock), sources, changed, clock, settings);
        schedules = new BackupSchedules(store, configs, editor, sources, settings, changed, clock);
    }

    static BackupSchedules.Input input(String cron) {
        return new BackupSchedules.Input(
                null, cron, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    static BackupSchedules.Input hourlyDb() {
        return hourlyDb(List.of("db"), List.of(), "zstd", 5);
    }

    /** The hourly database schedule with other sources or compression. */
    static BackupSchedules.Input hourlyDb(
            List<String> volumes, List<String> paths, String compression, Integer compressionLevel) {
        return new BackupSchedules.Input(
                null,
                "0 * * * *",
                "Europe/Berlin",
                volumes,
                paths,
                compression,
                compressionLevel,
                "full",
                null,
                24,
                7,
                null,
                null,
                null,
                null,
                null);
    }

    /** {@code input} with another cron, time zone or mode, where one is given. */
    static BackupSchedules.Input changed(BackupSchedules.Input input, String cron, String timezone, String mode) {
        return new BackupSchedules.Input(
                input.enabled(),
                cron == null ? input.cron() : cron,
                timezone == null ? input.timezone() : timezone,
                input.volumes(),
                input.paths(),
                input.compression(),
                input.compressionLevel(),
                mode == null ? input.mode() : mode,
                input.keepLast(),
                input.keepHourly(),
                input.keepDaily(),
                input.keepWeekly(),
                input.keepMonthly(),
                input.keepYearly(),
                input.retentionDays(),
                null);
    }

    static BackupSchedules.Input keep(String field, int value) {
        return new BackupSchedules.Input(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                field.equals("keep_last") ? value : null,
                field.equals("keep_hourly") ? value : null,
                null,
                null,
                null,
                field.equals("keep_yearly") ? value : null,
                field.equals("retention_days") ? value : null,
                null);
    }

    static void refused(Runnable request, String field) {
        assertThatThrownBy(request::run)
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageStartingWith(field);
    }

    @Test
    void aNewScheduleTakesWhatItSaysAndTheConfigurationsDefaultsForTheRest() {
        var created = schedules.create("db-hourly", hourlyDb());

        assertThat(created)
                .isEqualTo(new Schedule(
                        "db-hourly",
                        true,
                        "0 * * * *",
                        "Europe/Berlin",
                        List.of("db"),
                        List.of(),
                        Codec.ZSTD,
                        5,
                        "full",
                        new KeepPolicy(0, 24, 7, 0, 0, 0),
                        0,
                        null));
        assertThat(schedules.get("db-hourly")).isEqualTo(created);
        assertThat(schedules.all()).extracting(Schedule::name).containsExactly("default", "db-hourly");
        assertThat(changed.fired).hasSize(1);

        var plain = schedules.create("nightly", changed(keep("retention_days", 30), "30 1 * * *", null, null));
        assertThat(plain.volumes()).as("every volume").isNull();
        assertThat(plain.paths()).as("the configuration's include_paths").isNull();
        assertThat(plain.codec()).isEqualTo(configs.current().codec());
        assertThat(plain.timezone()).isEqualTo("UTC");
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndStoresNothing() {
        var ok = hourlyDb();
        refused(() -> schedules.create("Bad Name", ok), "name");
        refused(() -> schedules.create("", ok), "name");
        refused(() -> schedules.create("x".repeat(65), ok), "name");
        refused(() -> schedules.create("../etc", ok), "name");
        refused(() -> schedules.create("a", keep("keep_last", 1)), "cron");
        refused(() -> schedules.create("a", input("99 * * * *")), "cron");
        refused(() -> schedules.create("a", input("* * 31 2 *")), "cron");
        refused(() -> schedules.create("a", changed(keep("keep_last", -1), "0 * * * *", null, null)), "keep_last");
        refused(
                () -> schedules.create("a", changed(keep("keep_yearly", 100_001), "0 * * * *", null, null)),
                "keep_yearly");
        refused(
                () -> schedules.create("a", changed(keep("retention_days", 36_501), "0 * * * *", null, null)),
                "retention_days");
        // Neither keep counts nor days: it would keep everything forever.
        refused(() -> schedules.create("a", input("0 * * * *")), "retention_days");
        refused(() -> schedules.create("a", changed(hourlyDb(), null, null, "differential")), "mode");
        refused(() -> schedules.create("a", changed(hourlyDb(), null, "Mars/Olympus", null)), "timezone");
        refused(() -> schedules.create("a", hourlyDb(List.of("db"), List.of(), "lz4", null)), "compression");
        refused(() -> schedules.create("a", hourlyDb(List.of("db"), List.of(), "gzip", 42)), "compression_level");
        refused(() -> schedules.create("a", hourlyDb(List.of("db"), List.of("relative/path"), "zstd", 5)), "paths");
        refused(() -> schedules.create("a", hourlyDb(List.of("db"), List.of("/no/such/folder"), "zstd", 5)), "paths");
        refused(() -> schedules.create("a", hourlyDb(List.of(""), List.of(), "zstd", 5)), "volumes");
        assertThatThrownBy(() -> schedules.create("a", hourlyDb(List.of("nope"), List.of(), "zstd", 5)))
                .isInstanceOf(VolumeUnknown.class);

        assertThat(store.rows).isEmpty();
        assertThat(changed.fired).isEmpty();
    }

    @Test
    void aScheduleTakesIncrementsOrFullBackupsAsItSays() {
        var incremental = schedules.create("inc", changed(hourlyDb(), null, null, "incremental"));
        assertThat(incremental.mode()).isEqualTo("incremental");
        assertThat(schedules.get("inc").mode()).isEqualTo("incremental");
        assertThat(schedules
                        .update("inc", changed(input(null), null, null, "full"))
                        .mode())
                .isEqualTo("full");
        assertThat(schedules.update("inc", input("30 * * * *")).mode())
                .as("a change that names no mode keeps it")
                .isEqualTo("full");
    }

    @Test
    void duplicatesUnknownNamesAndTheDefaultScheduleAnswerAsConflictsAndNotFound() {
        schedules.create("db", hourlyDb());

        assertThatThrownBy(() -> schedules.create("db", hourlyDb())).isInstanceOf(ScheduleConflict.class);
        assertThatThrownBy(() -> schedules.create("default", hourlyDb())).isInstanceOf(ScheduleConflict.class);
        assertThatThrownBy(() -> schedules.delete("default")).isInstanceOf(ScheduleConflict.class);
        for (var call : List.<Runnable>of(
                () -> schedules.get("nope"),
                () -> schedules.update("nope", hourlyDb()),
                () -> schedules.delete("nope"))) {
            assertThatThrownBy(call::run)
                    .isInstanceOf(ScheduleNotFound.class)
                    .extracting(e -> ((DomainException) e).kind())
                    .isEqualTo(DomainException.Kind.NOT_FOUND);
        }
    }

    @Test
    void aChangeKeepsWhatItDoesNotSayAndIsCheckedWhole() {
        schedules.create("db", hourlyDb());

        var changed = schedules.update("db", keep("keep_last", 3));
        assertThat(changed.keep()).isEqualTo(new KeepPolicy(3, 24, 7, 0, 0, 0));
        assertThat(changed.cron()).isEqualTo("0 * * * *");
        assertThat(changed.codec()).isEqualTo(Codec.ZSTD);

        // Switching every keep rule off with no days left is refused; the stored schedule stays as it was.
        refused(
                () -> schedules.update(
                        "db",
                        new BackupSchedules.Input(
                                null, null, null, null, null, null, null, null, 0, 0, 0, null, null, null, null, null)),
                "retention_days");
        assertThat(schedules.get("db").keep()).isEqualTo(new KeepPolicy(3, 24, 7, 0, 0, 0));

        schedules.delete("db");
        assertThat(schedules.find("db")).isEmpty();
    }

    @Test
    void theDefaultScheduleIsTheConfigurationBothWays() throws Exception {
        var include = Files.createDirectories(dir.resolve("srv"));
        var updated = schedules.update(
                "default",
                new BackupSchedules.Input(
                        false,
                        "15 3 * * *",
                        "Europe/Berlin",
                        List.of("db"),
                        List.of(include.toString()),
                        "zstd",
                        null,
                        "full",
                        null,
                        null,
                        7,
                        4,
                        12,
                        null,
                        14,
                        null));

        var config = configs.current();
        assertThat(config.schedule()).isEqualTo("15 3 * * *");
        assertThat(config.backupEnabled()).isFalse();
        assertThat(config.timezone()).isEqualTo("Europe/Berlin");
        assertThat(config.includeVolumes()).containsExactly("db");
        assertThat(config.includePaths()).containsExactly(include.toString());
        assertThat(config.codec()).isEqualTo(Codec.ZSTD);
        assertThat(config.retentionDays()).isEqualTo(14);
        assertThat(updated.keep()).isEqualTo(new KeepPolicy(0, 0, 7, 4, 12, 0));
        assertThat(store.rows).isEmpty();

        // And the configuration's own endpoint changes what the schedule says.
        new BackupConfigEditor(
                        configs,
                        new InMemoryBackupCatalog(clock),
                        new BackupJobsTest.FixedSources(Map.of("db", dir)),
                        changed,
                        clock,
                        TestSettings.backup(dir, dir.resolve("restores")))
                .update(BackupConfigEditorTest.schedule("0 4 * * *", null));
        assertThat(schedules.get("default").cron()).isEqualTo("0 4 * * *");
        assertThat(schedules.get("default").keep()).isEqualTo(new KeepPolicy(0, 0, 7, 4, 12, 0));

        // The spec's configuration holds 1 day or more.
        refused(() -> schedules.update("default", keep("retention_days", 0)), "retention_days");
        refused(() -> schedules.update("default", changed(hourlyDb(), null, null, "differential")), "mode");
        // The default schedule's mode is the configuration's incremental.enabled, both ways.
        assertThat(schedules.get("default").mode()).isEqualTo("full");
        var incremental = schedules.update("default", changed(input(null), null, null, "incremental"));
        assertThat(incremental.mode()).isEqualTo("incremental");
        assertThat(configs.current().incrementalEnabled()).isTrue();
        refused(() -> schedules.update("default", input("not a cron")), "schedule");
    }

    @Test
    void nextRunsAreTheSchedulersTimesOnTheWallClockOfTheZoneInUtc() {
        // Clock: 2026-12-01T12:00Z; 02:00 in Berlin is 01:00 UTC in winter.
        var runs = schedules.nextRuns(" 0 2 * * * ", "Europe/Berlin", 3);

        assertThat(runs.cron()).isEqualTo("0 2 * * *");
        assertThat(runs.timezone()).isEqualTo("Europe/Berlin");
        assertThat(runs.times())
                .containsExactly(
                        Instant.parse("2026-12-02T01:00:00Z"),
                        Instant.parse("2026-12-03T01:00:00Z"),
                        Instant.parse("2026-12-04T01:00:00Z"));
    }

    @Test
    void nextRunsFollowTheSchedulersDaylightSavingRules() {
        // 02:30 on 28 March 2027 does not exist in Berlin: the scheduler runs at the gap's end, 03:00 CEST.
        var runs = schedules.nextRuns("30 2 28 3 *", "Europe/Berlin", 2);

        assertThat(runs.times())
                .containsExactly(Instant.parse("2027-03-28T01:00:00Z"), Instant.parse("2028-03-28T00:30:00Z"));
        // The same times the timers would see, one after the other.
        var cron = com.opscenter.cron.CronExpression.parse("30 2 28 3 *");
        var first = cron.next(java.time.ZonedDateTime.parse("2026-12-01T12:00:00Z[Europe/Berlin]"));
        assertThat(runs.times().get(0)).isEqualTo(first.toInstant());
        assertThat(runs.times().get(1)).isEqualTo(cron.next(first).toInstant());
    }

    @Test
    void nextRunsWithoutATimeZoneUseTheConfigurationsLikeANewSchedule() {
        var runs = schedules.nextRuns("*/15 * * * *", null, 5);

        assertThat(runs.timezone()).isEqualTo("UTC");
        assertThat(runs.times()).hasSize(5).first().isEqualTo(Instant.parse("2026-12-01T12:15:00Z"));
        assertThat(runs.times()).last().isEqualTo(Instant.parse("2026-12-01T13:15:00Z"));
    }

    @Test
    void nextRunsRefuseABadExpressionZoneOrCountNamingIt() {
        refused(() -> schedules.nextRuns("61 * * * *", "UTC", 5), "cron: minute");
        refused(() -> schedules.nextRuns("0 2 * *", "UTC", 5), "cron: expected 5 fields");
        refused(() -> schedules.nextRuns(null, "UTC", 5), "cron: is required");
        refused(() -> schedules.nextRuns("0 2 31 2 *", "UTC", 5), "cron: never fires");
        refused(() -> schedules.nextRuns("0 2 * * *", "Mars/Olympus", 5), "timezone: unknown time zone");
        refused(() -> schedules.nextRuns("0 2 * * *", "UTC", 0), "count: must be 1 to 20");
        refused(() -> schedules.nextRuns("0 2 * * *", "UTC", 21), "count: must be 1 to 20");
        assertThat(schedules.nextRuns("0 2 * * *", "UTC", 20).times()).hasSize(20);
    }

    @Test
    void noScheduleMayTakeTheNameOfTheCronPreview() {
        refused(() -> schedules.create("next-runs", hourlyDb()), "name: 'next-runs' is reserved");
        assertThat(store.rows).isEmpty();
    }
}
