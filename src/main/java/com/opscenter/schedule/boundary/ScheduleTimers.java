package com.opscenter.schedule.boundary;

import com.opscenter.audit.control.AuditEvent;
import com.opscenter.audit.entity.AuditOutcome;
import com.opscenter.backups.control.BackupConfigChanged;
import com.opscenter.backups.control.BackupConfigStore;
import com.opscenter.backups.control.BackupJobs;
import com.opscenter.backups.control.BackupRunning;
import com.opscenter.backups.control.InvalidBackupRequest;
import com.opscenter.backups.control.ScheduledBackupNotStarted;
import com.opscenter.backups.entity.BackupConfig;
import com.opscenter.backups.entity.BackupType;
import com.opscenter.cron.CronExpression;
import com.opscenter.platform.control.NodeIdentity;
import com.opscenter.schedule.control.ScheduledRuns;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
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
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires scheduled backups from EJB calendar timers that follow the configured cron expression. Every server
 * runs the same timers; each scheduled time is claimed in the database first, so exactly one server runs it.
 * After downtime, start-up runs one catch-up backup for the latest missed time, however many were missed.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigrations", "CatalogRecovery"})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ScheduleTimers {

    private static final Logger LOG = Logger.getLogger(ScheduleTimers.class.getName());
    private static final String SCHEDULE_TIMER = "ops-center-backup-schedule";

    @Resource
    TimerService timerService;

    private BackupConfigStore configs;
    private BackupJobs jobs;
    private ScheduledRuns runs;
    private NodeIdentity node;
    private Event<AuditEvent> audit;
    private Event<ScheduledBackupNotStarted> notStarted;
    private Clock clock;

    private volatile boolean running;
    private volatile Instant startedAt;
    /** What the timers were last made from: enabled flag, schedule and zone. */
    private volatile String armedFor = "";

    /** The EJB container's no-arg constructor. */
    public ScheduleTimers() {}

    @Inject
    public ScheduleTimers(
            BackupConfigStore configs,
            BackupJobs jobs,
            ScheduledRuns runs,
            NodeIdentity node,
            Event<AuditEvent> audit,
            Event<ScheduledBackupNotStarted> notStarted,
            Clock clock) {
        this.configs = configs;
        this.jobs = jobs;
        this.runs = runs;
        this.node = node;
        this.audit = audit;
        this.notStarted = notStarted;
        this.clock = clock;
    }

    /** Outside the container: the timer service from the caller. */
    ScheduleTimers(
            BackupConfigStore configs,
            BackupJobs jobs,
            ScheduledRuns runs,
            NodeIdentity node,
            Event<AuditEvent> audit,
            Event<ScheduledBackupNotStarted> notStarted,
            Clock clock,
            TimerService timerService) {
        this(configs, jobs, runs, node, audit, notStarted, clock);
        this.timerService = timerService;
    }

    @PostConstruct
    void start() {
        startedAt = clock.instant();
        reschedule();
        catchUp();
        running = true;
    }

    /** A changed schedule or switch takes effect at once: old timers go, new ones come. */
    public void onConfigChanged(@Observes BackupConfigChanged change) {
        reschedule();
    }

    /**
     * Another server sharing the database may have changed the configuration; once a minute each server checks
     * and re-arms its timers, so a change reaches every server within a minute.
     */
    @Schedule(minute = "*", hour = "*", persistent = false, info = "ops-center-schedule-reconcile")
    void reconcile() {
        var config = configs.current();
        if (!armedFor.equals(signature(config))) {
            reschedule();
        }
    }

    private static String signature(BackupConfig config) {
        return config.backupEnabled() + "|" + config.schedule() + "|" + config.timezone();
    }

    void reschedule() {
        timerService.getTimers().stream()
                .filter(timer -> SCHEDULE_TIMER.equals(timer.getInfo()))
                .forEach(Timer::cancel);
        var config = configs.current();
        armedFor = signature(config);
        if (!config.backupEnabled()) {
            LOG.info("Scheduled backups are disabled");
            return;
        }
        var cron = CronExpression.parse(config.schedule());
        for (var expression : cron.toScheduleExpressions(config.zone())) {
            timerService.createCalendarTimer(expression, new TimerConfig(SCHEDULE_TIMER, false));
        }
        LOG.info(() -> "Scheduled backups follow '" + config.schedule() + "' in " + config.timezone() + "; next at "
                + nextRun().orElse(null));
    }

    @Timeout
    void tick(Timer timer) {
        if (!SCHEDULE_TIMER.equals(timer.getInfo())) {
            return;
        }
        var config = configs.current();
        if (!config.backupEnabled()) {
            return;
        }
        // Calendar timers fire on the minute, give or take a little: the scheduled time is the nearest minute. A
        // timer armed for a schedule that has changed meanwhile on another server is ignored.
        var scheduledFor =
                ZonedDateTime.now(clock.withZone(config.zone())).plusSeconds(30).truncatedTo(ChronoUnit.MINUTES);
        if (!CronExpression.parse(config.schedule())
                .next(scheduledFor.minusMinutes(1))
                .equals(scheduledFor)) {
            return;
        }
        run(scheduledFor.toInstant(), false);
    }

    private void catchUp() {
        var config = configs.current();
        if (!config.backupEnabled()) {
            return;
        }
        // Without any history there is nothing missed: a new installation waits for its first scheduled time.
        var since = runs.latest().orElse(null);
        if (since == null) {
            return;
        }
        var zone = config.zone();
        CronExpression.parse(config.schedule())
                .latestMissed(since.atZone(zone), ZonedDateTime.now(clock.withZone(zone)))
                .ifPresent(missed -> run(missed.toInstant(), true));
    }

    private void run(Instant scheduledFor, boolean catchUp) {
        if (!runs.claim(scheduledFor, node.name(), catchUp)) {
            return;
        }
        try {
            var backup = jobs.start(
                    BackupType.SCHEDULED,
                    configs.current().includeVolumes(),
                    catchUp ? "Catch-up backup after downtime" : "Scheduled backup",
                    "scheduler");
            runs.record(scheduledFor, run -> run.started(backup.id()));
        } catch (BackupRunning | InvalidBackupRequest e) {
            // A backup of the same volumes is still running, or the configured volumes are gone: the tick is
            // skipped, visibly.
            var reason = e.getMessage();
            runs.record(scheduledFor, run -> run.skipped(reason));
            audit.fire(AuditEvent.bySystem("schedule.skip", scheduledFor.toString(), AuditOutcome.FAILURE, reason));
            LOG.warning(() -> "Scheduled backup for " + scheduledFor + " skipped: " + reason);
            if (e instanceof InvalidBackupRequest) {
                // Nothing backs these volumes up now, unlike a tick that met a running backup: mailed as a failure.
                notStarted.fireAsync(new ScheduledBackupNotStarted(scheduledFor, catchUp, reason));
            }
        } catch (RuntimeException e) {
            var reason = String.valueOf(e.getMessage());
            runs.record(scheduledFor, run -> run.failed(reason));
            audit.fire(AuditEvent.bySystem("schedule.fail", scheduledFor.toString(), AuditOutcome.FAILURE, reason));
            LOG.log(Level.SEVERE, "Scheduled backup for " + scheduledFor + " could not start", e);
            notStarted.fireAsync(new ScheduledBackupNotStarted(scheduledFor, catchUp, reason));
        }
    }

    public boolean running() {
        return running;
    }

    public Optional<Instant> nextRun() {
        return timerService.getTimers().stream()
                .filter(timer -> SCHEDULE_TIMER.equals(timer.getInfo()))
                .map(timer -> timer.getNextTimeout().toInstant())
                .min(Instant::compareTo);
    }

    public Instant startedAt() {
        return startedAt;
    }
}
