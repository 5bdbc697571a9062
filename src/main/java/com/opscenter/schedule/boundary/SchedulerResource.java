package com.opscenter.schedule.boundary;

import com.opscenter.backups.control.BackupConfigStore;
import com.opscenter.notify.control.MailSettings;
import com.opscenter.platform.boundary.Timestamps;
import com.opscenter.schedule.control.ScheduledRuns;
import com.opscenter.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Tag(name = "schedules", description = "The backup schedule: whether it runs, when next, what it skipped")
@Path("backups/scheduler")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MODERATOR})
public class SchedulerResource {

    @Inject
    ScheduleTimers timers;

    @Inject
    ScheduledRuns runs;

    @Inject
    BackupConfigStore configs;

    @Inject
    @ConfigProperties
    MailSettings mail;

    @Operation(summary = "Scheduler status: enabled, next run and skipped ticks")
    @GET
    public SchedulerStatus status() {
        var config = configs.current();
        var lastSkipped = runs.lastSkipped()
                .map(run -> new SchedulerStatus.Skip(Timestamps.iso(run.scheduledFor()), run.reason()))
                .orElse(null);
        return new SchedulerStatus(
                timers.running(),
                config.backupEnabled(),
                config.schedule(),
                config.timezone(),
                Timestamps.iso(timers.nextRun().orElse(null)),
                config.retentionDays(),
                config.backupLocation(),
                mail.enabled(),
                runs.skipped(),
                lastSkipped);
    }
}
