package com.opscenter.schedule.boundary;

import com.opscenter.audit.control.AuditEvent;
import com.opscenter.audit.entity.AuditOutcome;
import com.opscenter.backups.control.BackupConfigChanged;
import com.opscenter.backups.control.BackupJobs;
import com.opscenter.backups.control.BackupRunning;
import com.opscenter.backups.control.BackupSchedules;
import com.opscenter.backups.control.InvalidBackupRequest;
import com.opscenter.backups.control.Schedule;
import com.opscenter.backups.control.ScheduledBackupNotStarted;
import com.opscenter.cron.CronExpression;
import com.opscenter.platform.control.NodeIdentity;
import com.opscenter.schedule.control.ScheduledRuns;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Fires scheduled backups from EJB calendar timers, one set per enabled schedule, each following its cron
 * expression in its time zone. Every server runs the same timers; each (schedule, scheduled time) is claimed in the
 * database first, so exactly one server runs it. After downtime, start-up runs one catch-up backup per schedule
 * for its latest missed time, however many were missed.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigrations", "CatalogRecovery"})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ScheduleTimers {

    private static final Logger LOG = Logger.getLogger(ScheduleTimers.class.getName());
    /** The default schedule's timers keep the info they always had; another schedule's add ":" and its name. */
    private static final String SCHEDULE_TIMER = "ops-center-backup-schedule";

    @Resource
    TimerService timerService;

    /** Told the schedules whenever the timers are re-armed (metrics follow); absent in unit tests. */
    @Inject
    Event<Rearmed> rearmed;

    /** The timers were re-armed for these schedules (every schedule, enabled or not). */
    public record Rearmed(List<Schedule> schedules) {}

    private BackupSchedules schedules;
    private BackupJobs jobs;
    private ScheduledRuns runs;
    private NodeIdentity node;
    private Event<AuditEvent> audit;
    private Event<ScheduledBackupNotStarted> notStarted;
    private Clock clock;

    private volatile boolean running;
    private volatile Instant startedAt;
    /** What the timers were last made from: each schedule's name, enabled flag, cron and zone. */
    private volatile String armedFor = "";

    /** The EJB container's no-arg constructor. */
    public ScheduleTimers() {}

    @Inject
    public ScheduleTimers(
            BackupSchedules schedules,
            BackupJobs jobs,
            ScheduledRuns runs,
            NodeIdentity node,
            Event<AuditEvent> audit,
            Event<ScheduledBackupNotStarted> notStarted,
            Clock clock) {
        this.schedules = schedules;
        this.jobs = jobs;
        this.runs = runs;
        this.node = node;
        this.audit = audit;
        this.notStarted = notStarted;
        this.clock = clock;
    }

    /** Outside the container: the timer service from the caller. */
    ScheduleTimers(
            BackupSchedules schedules,
            BackupJobs jobs,
            ScheduledRuns runs,
            NodeIdentity node,
            Event<AuditEvent> audit,
            Event<ScheduledBackupNotStarted> notStarted,
            Clock clock,
            TimerService timerService) {
        this(schedules, jobs, runs, node, audit, notStarted, clock);
        this.timerService = timerService;
    }

    @PostConstruct
    void start() {
        startedAt = clock.instant();
        reschedule();
        catchUp();
        running = true;
    }

    /** A changed, new or deleted schedule, or a changed switch, takes effect at once: old timers go, new ones come. */
    public void onConfigChanged(@Observes BackupConfigChanged change) {
        reschedule();
    }

    /**
     * Another server sharing the database may have changed, added or deleted a schedule; once a minute each server
     * checks and re-arms its timers, so a change reaches every server within a minute.
     */
    @jakarta.ejb.Schedule(minute = "*", hour = "*", persistent = false, info = "ops-center-schedule-reconcile")
    void reconcile() {
        if (!armedFor.equals(signature(schedules.all()))) {
            reschedule();
        }
    }

    private static String signature(List<Schedule> all) {
        return all.stream().map(Schedule::timerSignature).sorted().collect(Collectors.joining("\n"));
    }

    static String timerInfo(String schedule) {
        return Schedule.DEFAULT.equals(schedule) ? SCHEDULE_TIMER : SCHEDULE_TIMER + ":" + schedule;
    }

    /** The schedule a timer of ours fires for; empty for any other timer. */
    static Optional<String> scheduleOf(Timer timer) {
        var info = timer.getInfo();
        if (SCHEDULE_TIMER.equals(info)) {
            return Optional.of(Schedule.DEFAULT);
        }
        if (info instanceof String text && text.startsWith(SCHEDULE_TIMER + ":")) {
            return Optional.of(text.substring(SCHEDULE_TIMER.length() + 1));
        }
        return Optional.empty();
    }

    void reschedule() {
        timerService.getTimers().stream()
                .filter(timer -> scheduleOf(timer).isPresent())
                .forEach(Timer::cancel);
        var all = schedules.all();
        armedFor = signature(all);
        for (var schedule : all) {
            if (!schedule.enabled()) {
                LOG.info(() -> "Schedule " + schedule.name() + " is disabled");
                continue;
            }
            try {
                var cron = CronExpression.parse(schedule.cron());
                for (var expression : cron.toScheduleExpressions(schedule.zone())) {
                    timerService.createCalendarTimer(expression, new TimerConfig(timerInfo(schedule.name()), false));
                }
                LOG.info(() ->
                        "Schedule " + schedule.name() + " follows '" + schedule.cron() + "' in " + schedule.timezone()
                                + "; next at " + nextRun(schedule.name()).orElse(null));
            } catch (RuntimeException e) {
                // One schedule that cannot be armed must not leave the others without timers.
                LOG.log(Level.SEVERE, "Schedule " + schedule.name() + " could not be armed", e);
            }
        }
        if (rearmed != null) {
            rearmed.fire(new Rearmed(List.copyOf(all)));
        }
    }

    @Timeout
    void tick(Timer timer) {
        var name = scheduleOf(timer).orElse(null);
        if (name == null) {
            return;
        }
        var schedule = schedules.find(name).orElse(null);
        if (schedule == null || !schedule.enabled()) {
            return;
        }
        // Calendar timers fire on the minute, give or take a little: the scheduled time is the nearest minute. A
        // timer armed for a schedule that has changed meanwhile on another server is ignored.
        var scheduledFor = ZonedDateTime.now(clock.withZone(schedule.zone()))
                .plusSeconds(30)
                .truncatedTo(ChronoUnit.MINUTES);
        if (!CronExpression.parse(schedule.cron())
                .next(scheduledFor.minusMinutes(1))
                .equals(scheduledFor)) {
            return;
        }
        run(schedule, scheduledFor.toInstant(), false);
    }

    private void catchUp() {
        for (var schedule : schedules.all()) {
            if (!schedule.enabled()) {
                continue;
            }
            try {
                // Without any history there is nothing missed: a new schedule waits for its first scheduled time.
                var since = runs.latest(schedule.name()).orElse(null);
                if (since == null) {
                    continue;
                }
                var zone = schedule.zone();
                CronExpression.parse(schedule.cron())
                        .latestMissed(since.atZone(zone), ZonedDateTime.now(clock.withZone(zone)))
                        .ifPresent(missed -> run(schedule, missed.toInstant(), true));
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Schedule " + schedule.name() + " could not catch up", e);
            }
        }
    }

    private void run(Schedule schedule, Instant scheduledFor, boolean catchUp) {
        var name = schedule.name();
        if (!runs.claim(name, scheduledFor, node.name(), catchUp)) {
            return;
        }
        // The default schedule's audit target and mail stay as they were; another schedule's name comes first.
        var isDefault = Schedule.DEFAULT.equals(name);
        var target = isDefault ? scheduledFor.toString() : name + " " + scheduledFor;
        try {
            var backup = jobs.start(
                    schedule,
                    (catchUp ? "Catch-up backup after downtime" : "Scheduled backup")
                            + (isDefault ? "" : " (" + name + ")"),
                    "scheduler");
            runs.record(name, scheduledFor, run -> run.started(backup.id()));
        } catch (BackupRunning | InvalidBackupRequest e) {
            // A backup of the same volumes is still running, or the schedule's volumes are gone: the tick is
            // skipped, visibly.
            var reason = e.getMessage();
            runs.record(name, scheduledFor, run -> run.skipped(reason));
            audit.fire(AuditEvent.bySystem("schedule.skip", target, AuditOutcome.FAILURE, reason));
            LOG.warning(() -> "Scheduled backup " + target + " skipped: " + reason);
            if (e instanceof InvalidBackupRequest) {
                // Nothing backs these volumes up now, unlike a tick that met a running backup: mailed as a failure.
                notStarted.fireAsync(new ScheduledBackupNotStarted(scheduledFor, catchUp, mailed(name, reason)));
            }
        } catch (RuntimeException e) {
            var reason = String.valueOf(e.getMessage());
            runs.record(name, scheduledFor, run -> run.failed(reason));
            audit.fire(AuditEvent.bySystem("schedule.fail", target, AuditOutcome.FAILURE, reason));
            LOG.log(Level.SEVERE, "Scheduled backup " + target + " could not start", e);
            notStarted.fireAsync(new ScheduledBackupNotStarted(scheduledFor, catchUp, mailed(name, reason)));
        }
    }

    private static String mailed(String schedule, String reason) {
        return Schedule.DEFAULT.equals(schedule) ? reason : "Schedule " + schedule + ": " + reason;
    }

    public boolean running() {
        return running;
    }

    /** The default schedule's next run (the spec's scheduler status). */
    public Optional<Instant> nextRun() {
        return nextRun(Schedule.DEFAULT);
    }

    public Optional<Instant> nextRun(String schedule) {
        return timerService.getTimers().stream()
                .filter(timer -> scheduleOf(timer).filter(schedule::equals).isPresent())
                .map(timer -> timer.getNextTimeout().toInstant())
                .min(Comparator.naturalOrder());
    }

    public Instant startedAt() {
        return startedAt;
    }
}
