package com.opscenter.schedule.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.archive.Codec;
import com.opscenter.audit.control.AuditEvent;
import com.opscenter.backups.control.BackupConfigChanged;
import com.opscenter.backups.control.BackupJobs;
import com.opscenter.backups.control.BackupRunning;
import com.opscenter.backups.control.DockerEngineUnreachable;
import com.opscenter.backups.control.InMemoryConfigStore;
import com.opscenter.backups.control.InMemorySchedules;
import com.opscenter.backups.control.InvalidBackupRequest;
import com.opscenter.backups.control.Schedule;
import com.opscenter.backups.control.ScheduledBackupNotStarted;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupType;
import com.opscenter.platform.control.FixedNode;
import com.opscenter.platform.control.RecordingEvent;
import com.opscenter.platform.control.TestClock;
import com.opscenter.retention.KeepPolicy;
import com.opscenter.schedule.control.ScheduledRuns;
import com.opscenter.schedule.entity.ScheduledRun;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler's rules with a clock instead of waiting for timers: which time a tick runs, the one catch-up after
 * downtime, none on a new installation, and a tick that meets a running backup is recorded as skipped.
 */
class ScheduleTimersTest {

    @TempDir
    Path dir;

    final TestClock clock = TestClock.at("2026-12-01T12:00:00Z");
    final FakeRuns runs = new FakeRuns();
    final FakeJobs jobs = new FakeJobs();
    final FakeTimers timers = new FakeTimers();
    final RecordingEvent<AuditEvent> audit = new RecordingEvent<>();
    final RecordingEvent<ScheduledBackupNotStarted> notStarted = new RecordingEvent<>();
    InMemoryConfigStore configs;
    InMemorySchedules schedules;

    @BeforeEach
    void setUp() {
        configs = InMemoryConfigStore.of(dir, "0 2 * * *", 7);
        schedules = new InMemorySchedules(configs);
    }

    static Schedule named(String name, String cron, String zone, String volume, boolean enabled) {
        return new Schedule(
                name,
                enabled,
                cron,
                zone,
                List.of(volume),
                List.of(),
                Codec.ZSTD,
                3,
                Schedule.FULL,
                new KeepPolicy(0, 24, 7, 0, 0, 0),
                0,
                null);
    }

    ScheduleTimers scheduler() {
        return new ScheduleTimers(
                schedules, jobs, runs, new FixedNode("node-a"), audit, notStarted, clock, timers.service());
    }

    ScheduleTimers started() {
        var scheduler = scheduler();
        scheduler.start();
        return scheduler;
    }

    @Test
    void aNewInstallationArmsItsTimersAndRunsNoCatchUp() {
        var scheduler = started();

        assertThat(jobs.started).isEmpty();
        assertThat(runs.claims).isEmpty();
        assertThat(timers.armed).singleElement().satisfies(expression -> {
            assertThat(expression.getHour()).isEqualTo("2");
            assertThat(expression.getMinute()).isEqualTo("0");
            assertThat(expression.getTimezone()).isEqualTo("UTC");
        });
        assertThat(scheduler.running()).isTrue();
        assertThat(scheduler.startedAt()).isEqualTo(clock.instant());
    }

    @Test
    void afterDowntimeExactlyOneCatchUpRunsForTheLatestMissedTime() {
        runs.claimed(Instant.parse("2026-11-26T02:00:00Z"));

        started();

        assertThat(jobs.started).containsExactly("SCHEDULED Catch-up backup after downtime by scheduler");
        var run = runs.claims.get(Instant.parse("2026-12-01T02:00:00Z"));
        assertThat(run.catchUp()).isTrue();
        assertThat(run.node()).isEqualTo("node-a");
        assertThat(run.claimedAt()).isEqualTo(clock.instant());
        assertThat(run.outcome()).isEqualTo(ScheduledRun.Outcome.STARTED);
        assertThat(run.backupId()).isEqualTo("backup-20261201-120000");

        // A second server starting from the same database finds the time caught up already.
        started();
        assertThat(jobs.started).hasSize(1);
    }

    @Test
    void noCatchUpWhenNoScheduledTimeWasMissed() {
        runs.claimed(Instant.parse("2026-12-01T02:00:00Z"));

        started();

        assertThat(jobs.started).isEmpty();
    }

    @Test
    void aTickRunsTheScheduledMinuteOnceAmongServers() {
        var first = started();
        var second = started();
        clock.set(Instant.parse("2026-12-02T01:59:58Z"));

        first.tick(timers.scheduleTimer());
        clock.set(Instant.parse("2026-12-02T02:00:03Z"));
        second.tick(timers.scheduleTimer());

        assertThat(jobs.started).containsExactly("SCHEDULED Scheduled backup by scheduler");
        assertThat(runs.claims).containsOnlyKeys(Instant.parse("2026-12-02T02:00:00Z"));
        assertThat(runs.claims.firstEntry().getValue().catchUp()).isFalse();
    }

    @Test
    void aTickForAScheduleThatChangedMeanwhileIsIgnored() {
        var scheduler = started();
        clock.set(Instant.parse("2026-12-02T03:00:00Z"));

        scheduler.tick(timers.scheduleTimer());
        scheduler.tick(timers.timer("some other timer"));

        assertThat(jobs.started).isEmpty();
        assertThat(runs.claims).isEmpty();
    }

    @Test
    void aTickThatMeetsARunningBackupIsRecordedAsSkipped() {
        var scheduler = started();
        jobs.refuseWith = new BackupRunning("Backup backup-20261202-013000 is already running on volume(s) db");
        clock.set(Instant.parse("2026-12-02T02:00:00Z"));

        scheduler.tick(timers.scheduleTimer());

        var run = runs.claims.get(Instant.parse("2026-12-02T02:00:00Z"));
        assertThat(run.outcome()).isEqualTo(ScheduledRun.Outcome.SKIPPED);
        assertThat(run.reason()).contains("already running");
        assertThat(audit.fired).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo("schedule.skip");
            assertThat(event.target()).isEqualTo("2026-12-02T02:00:00Z");
        });
        // Another backup is doing the work: nothing to mail about.
        assertThat(notStarted.fired).isEmpty();
        assertThat(notStarted.firedAsync).isEmpty();
    }

    @Test
    void aBackupWithNothingToBackUpIsSkippedAndAnnouncedForTheFailureMail() {
        var scheduler = started();
        jobs.refuseWith = new InvalidBackupRequest("Nothing to back up: volume(s) db are gone");
        clock.set(Instant.parse("2026-12-02T02:00:00Z"));

        scheduler.tick(timers.scheduleTimer());

        var run = runs.claims.get(Instant.parse("2026-12-02T02:00:00Z"));
        assertThat(run.outcome()).isEqualTo(ScheduledRun.Outcome.SKIPPED);
        assertThat(audit.fired).extracting(AuditEvent::action).containsExactly("schedule.skip");
        assertThat(notStarted.firedAsync)
                .containsExactly(new ScheduledBackupNotStarted(
                        Instant.parse("2026-12-02T02:00:00Z"), false, "Nothing to back up: volume(s) db are gone"));
    }

    @Test
    void aScheduledBackupOfOnlyDockerVolumesWithoutTheEngineFailsAndIsAnnouncedForTheFailureMail() {
        var scheduler = started();
        var reason = "Nothing to back up: Docker Engine not reachable: connect failed, and there are no folder"
                + " volumes and no include_paths";
        jobs.refuseWith = new DockerEngineUnreachable(reason);
        clock.set(Instant.parse("2026-12-02T02:00:00Z"));

        scheduler.tick(timers.scheduleTimer());

        assertThat(runs.claims.firstEntry().getValue().outcome()).isEqualTo(ScheduledRun.Outcome.FAILED);
        assertThat(notStarted.firedAsync)
                .containsExactly(new ScheduledBackupNotStarted(Instant.parse("2026-12-02T02:00:00Z"), false, reason));
    }

    @Test
    void aBackupThatCannotStartIsRecordedAsFailed() {
        var scheduler = started();
        jobs.refuseWith = new IllegalStateException("disk gone");
        clock.set(Instant.parse("2026-12-02T02:00:00Z"));

        scheduler.tick(timers.scheduleTimer());

        assertThat(runs.claims.firstEntry().getValue().outcome()).isEqualTo(ScheduledRun.Outcome.FAILED);
        assertThat(audit.fired).extracting(AuditEvent::action).containsExactly("schedule.fail");
        assertThat(notStarted.firedAsync)
                .containsExactly(
                        new ScheduledBackupNotStarted(Instant.parse("2026-12-02T02:00:00Z"), false, "disk gone"));
    }

    @Test
    void switchedOffThereAreNoTimersNoCatchUpAndNoTicks() {
        runs.claimed(Instant.parse("2026-11-26T02:00:00Z"));
        configs.update(c -> c.update(false, null, null, null, null, null, null, null, null, clock.instant()));

        var scheduler = started();
        clock.set(Instant.parse("2026-12-02T02:00:00Z"));
        scheduler.tick(timers.scheduleTimer());

        assertThat(timers.armed).isEmpty();
        assertThat(jobs.started).isEmpty();
    }

    @Test
    void aChangedScheduleReplacesTheTimers() {
        var scheduler = started();
        var before = List.copyOf(timers.live);

        configs.update(c -> c.update(null, "15 4 * * *", null, null, null, null, null, null, "Europe/Berlin", null));
        scheduler.onConfigChanged(new BackupConfigChanged(true, "15 4 * * *"));

        assertThat(timers.cancelled).containsExactlyElementsOf(before);
        assertThat(timers.live).singleElement();
        assertThat(timers.armed.get(timers.armed.size() - 1).getTimezone()).isEqualTo("Europe/Berlin");
    }

    @Test
    void reconcileRearmsOnlyWhenAnotherServerChangedTheConfiguration() {
        var scheduler = started();
        scheduler.reconcile();
        assertThat(timers.armed).hasSize(1);

        configs.update(c -> c.update(null, "0 3 * * *", null, null, null, null, null, null, null, null));
        scheduler.reconcile();

        assertThat(timers.armed).hasSize(2);
        assertThat(timers.live).hasSize(1);
    }

    @Test
    void twoSchedulesOnDifferentVolumesFiringInTheSameMinuteEachRunOnceAmongServers() {
        schedules.put(named("db", "0 2 * * *", "UTC", "db", true));
        var first = started();
        var second = started();
        clock.set(Instant.parse("2026-12-02T02:00:01Z"));

        for (var server : List.of(first, second)) {
            server.tick(timers.scheduleTimer());
            server.tick(timers.timer("ops-center-backup-schedule:db"));
        }

        assertThat(jobs.startedFor).containsExactly("default null", "db [db]");
        var minute = Instant.parse("2026-12-02T02:00:00Z");
        assertThat(runs.of("default")).containsOnlyKeys(minute);
        assertThat(runs.of("db")).containsOnlyKeys(minute);
        assertThat(runs.of("db").get(minute).scheduleName()).isEqualTo("db");
    }

    @Test
    void eachEnabledScheduleArmsItsOwnTimersInItsOwnZone() {
        schedules.put(named("db", "0 * * * *", "Europe/Berlin", "db", true));
        schedules.put(named("off", "0 3 * * *", "UTC", "web", false));

        started();

        assertThat(timers.live)
                .extracting(Timer::getInfo)
                .containsExactlyInAnyOrder("ops-center-backup-schedule", "ops-center-backup-schedule:db");
        assertThat(timers.armed)
                .extracting(expression -> expression.getTimezone())
                .containsExactlyInAnyOrder("UTC", "Europe/Berlin");
    }

    @Test
    void aDisabledOrDeletedScheduleRunsNothingWhenAnOldTimerFires() {
        schedules.put(named("off", "0 2 * * *", "UTC", "web", false));
        var scheduler = started();
        clock.set(Instant.parse("2026-12-02T02:00:00Z"));

        scheduler.tick(timers.timer("ops-center-backup-schedule:off"));
        scheduler.tick(timers.timer("ops-center-backup-schedule:gone"));

        assertThat(jobs.started).isEmpty();
        assertThat(runs.bySchedule.keySet()).doesNotContain("off", "gone");
    }

    @Test
    void catchUpRunsOncePerScheduleForItsOwnLatestMissedTime() {
        schedules.put(named("db", "0 * * * *", "UTC", "db", true));
        schedules.put(named("fresh", "0 * * * *", "UTC", "web", true));
        runs.claimed("default", Instant.parse("2026-11-30T02:00:00Z"));
        runs.claimed("db", Instant.parse("2026-12-01T08:00:00Z"));

        started();

        assertThat(runs.of("default")).containsOnlyKeys(Instant.parse("2026-12-01T02:00:00Z"));
        assertThat(runs.of("db")).hasSize(1);
        assertThat(runs.of("db").firstEntry().getValue().catchUp()).isTrue();
        assertThat(runs.of("db").firstKey()).isAfter(Instant.parse("2026-12-01T10:59:00Z"));
        // A schedule without history has missed nothing.
        assertThat(runs.of("fresh")).isEmpty();
        assertThat(jobs.startedFor).containsExactlyInAnyOrder("default null", "db [db]");
    }

    @Test
    void aScheduleAddedChangedOrDeletedOnAnotherServerIsFollowedByReconcile() {
        var scheduler = started();
        assertThat(timers.live).hasSize(1);

        schedules.put(named("db", "0 * * * *", "UTC", "db", true));
        scheduler.reconcile();
        assertThat(timers.live).extracting(Timer::getInfo).contains("ops-center-backup-schedule:db");
        var armed = timers.armed.size();

        // A change that does not touch the timers (the volumes) re-arms nothing; a new cron does.
        schedules.put(named("db", "0 * * * *", "UTC", "other", true));
        scheduler.reconcile();
        assertThat(timers.armed).hasSize(armed);
        schedules.put(named("db", "30 * * * *", "UTC", "db", true));
        scheduler.reconcile();
        assertThat(timers.armed.get(timers.armed.size() - 1).getMinute()).isEqualTo("30");

        schedules.remove("db");
        scheduler.reconcile();
        assertThat(timers.live).extracting(Timer::getInfo).containsExactly("ops-center-backup-schedule");
    }

    /** Claims in sorted maps, one per schedule: the first claim of a (schedule, time) wins, as the key makes it. */
    final class FakeRuns extends ScheduledRuns {
        /** The default schedule's claims. */
        final TreeMap<Instant, ScheduledRun> claims = new TreeMap<>();

        final Map<String, TreeMap<Instant, ScheduledRun>> bySchedule = new HashMap<>(Map.of("default", claims));
        private final Map<String, Instant> history = new HashMap<>();

        void claimed(Instant scheduledFor) {
            claimed("default", scheduledFor);
        }

        void claimed(String schedule, Instant scheduledFor) {
            history.put(schedule, scheduledFor);
        }

        TreeMap<Instant, ScheduledRun> of(String schedule) {
            return bySchedule.computeIfAbsent(schedule, name -> new TreeMap<>());
        }

        @Override
        public boolean claim(String schedule, Instant scheduledFor, String node, boolean catchUp) {
            var claims = of(schedule);
            if (claims.containsKey(scheduledFor)) {
                return false;
            }
            claims.put(scheduledFor, new ScheduledRun(schedule, scheduledFor, node, catchUp, clock.instant()));
            return true;
        }

        @Override
        public void record(String schedule, Instant scheduledFor, Consumer<ScheduledRun> change) {
            Optional.ofNullable(of(schedule).get(scheduledFor)).ifPresent(change);
        }

        @Override
        public Optional<Instant> latest(String schedule) {
            var claims = of(schedule);
            return claims.isEmpty() ? Optional.ofNullable(history.get(schedule)) : Optional.of(claims.lastKey());
        }
    }

    final class FakeJobs extends BackupJobs {
        final List<String> started = new ArrayList<>();
        /** The schedule and volumes of each scheduled backup started. */
        final List<String> startedFor = new ArrayList<>();

        RuntimeException refuseWith;

        @Override
        public Backup start(Schedule schedule, String description, String actor) {
            if (refuseWith == null) {
                startedFor.add(schedule.name() + " " + schedule.volumes());
            }
            return start(BackupType.SCHEDULED, schedule.volumes(), description, actor);
        }

        @Override
        public Backup start(BackupType type, List<String> includeVolumes, String description, String actor) {
            if (refuseWith != null) {
                throw refuseWith;
            }
            started.add(type + " " + description + " by " + actor);
            return Backup.started(
                    "backup-20261201-120000",
                    type,
                    description,
                    Codec.GZIP,
                    List.of(),
                    List.of(),
                    actor,
                    "node-a",
                    dir.toString(),
                    clock.instant());
        }
    }

    /** Calendar timers that never fire by themselves: the tests call tick() with them. */
    static final class FakeTimers {
        final List<ScheduleExpression> armed = new ArrayList<>();
        final List<Timer> live = new ArrayList<>();
        final List<Timer> cancelled = new ArrayList<>();

        TimerService service() {
            return (TimerService) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {TimerService.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "createCalendarTimer" -> {
                                var expression = (ScheduleExpression) args[0];
                                armed.add(expression);
                                var timer = timer(((TimerConfig) args[1]).getInfo());
                                live.add(timer);
                                return timer;
                            }
                            case "getTimers" -> {
                                return List.copyOf(live);
                            }
                            default -> throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }

        Timer scheduleTimer() {
            return timer("ops-center-backup-schedule");
        }

        Timer timer(Object info) {
            var self = new Timer[1];
            self[0] = (Timer) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {Timer.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "getInfo" -> {
                                return info;
                            }
                            case "cancel" -> {
                                live.remove(self[0]);
                                cancelled.add(self[0]);
                                return null;
                            }
                            case "getNextTimeout" -> {
                                return new java.util.Date(0);
                            }
                            case "hashCode" -> {
                                return System.identityHashCode(proxy);
                            }
                            case "equals" -> {
                                return proxy == args[0];
                            }
                            case "toString" -> {
                                return "timer " + info;
                            }
                            default -> throw new UnsupportedOperationException(method.getName());
                        }
                    });
            return self[0];
        }
    }
}
