package com.opscenter.schedule.boundary;

import com.opscenter.backups.control.BackupCatalog;
import com.opscenter.backups.control.BackupConfigStore;
import com.opscenter.backups.control.BackupSchedules;
import com.opscenter.backups.control.Schedule;
import com.opscenter.backups.entity.Backup;
import com.opscenter.notify.control.MailSettings;
import com.opscenter.platform.boundary.Timestamps;
import com.opscenter.schedule.control.ScheduledRuns;
import com.opscenter.schedule.entity.ScheduledRun;
import com.opscenter.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Tag(
        name = "schedules",
        description = "Backup schedules: what each takes and keeps, when it runs next, what it skipped")
@Path("backups/scheduler")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MODERATOR})
@ApplicationScoped
public class SchedulerResource {

    @Inject
    ScheduleTimers timers;

    @Inject
    ScheduledRuns runs;

    @Inject
    BackupConfigStore configs;

    @Inject
    BackupSchedules schedules;

    @Inject
    BackupCatalog catalog;

    @Inject
    @ConfigProperties
    MailSettings mail;

    @Operation(summary = "Scheduler status: the default schedule's as the spec has it, and every schedule's")
    @GET
    public SchedulerStatus status() {
        var config = configs.current();
        return new SchedulerStatus(
                timers.running(),
                config.backupEnabled(),
                config.schedule(),
                config.timezone(),
                Timestamps.iso(timers.nextRun().orElse(null)),
                config.retentionDays(),
                config.backupLocation(),
                mail.enabled(),
                runs.skipped(Schedule.DEFAULT),
                skip(runs.lastSkipped(Schedule.DEFAULT)),
                schedules.all().stream().map(this::state).toList());
    }

    private SchedulerStatus.ScheduleState state(Schedule schedule) {
        var name = schedule.name();
        var last = runs.last(name)
                .map(run -> new SchedulerStatus.Run(
                        Timestamps.iso(run.scheduledFor()),
                        run.outcome().name().toLowerCase(Locale.ROOT),
                        run.node(),
                        run.backupId(),
                        run.reason()))
                .orElse(null);
        return new SchedulerStatus.ScheduleState(
                name,
                schedule.enabled(),
                schedule.cron(),
                schedule.timezone(),
                Timestamps.iso(timers.nextRun(name).orElse(null)),
                last,
                catalog.lastSuccessful(name)
                        .map(Backup::startedAt)
                        .map(Timestamps::iso)
                        .orElse(null),
                runs.skipped(name),
                skip(runs.lastSkipped(name)));
    }

    private static SchedulerStatus.Skip skip(Optional<ScheduledRun> run) {
        return run.map(r -> new SchedulerStatus.Skip(Timestamps.iso(r.scheduledFor()), r.reason()))
                .orElse(null);
    }
}
