package com.opscenter.backups.boundary;

import com.opscenter.audit.boundary.Audited;
import com.opscenter.backups.control.BackupPruner;
import com.opscenter.backups.control.BackupSchedules;
import com.opscenter.backups.control.InvalidBackupRequest;
import com.opscenter.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Tag(
        name = "schedules",
        description = "Backup schedules: what each takes and keeps, when it runs next, what it skipped")
@Path("backups/schedules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MODERATOR})
@ApplicationScoped
public class SchedulesResource {

    @Inject
    BackupSchedules schedules;

    @Inject
    BackupPruner pruner;

    @Inject
    Clock clock;

    @Operation(summary = "Every schedule, default first")
    @GET
    public ScheduleResponse.Listing list() {
        return new ScheduleResponse.Listing(
                schedules.all().stream().map(s -> ScheduleResponse.of(s, clock)).toList());
    }

    @Operation(summary = "Create a schedule")
    @POST
    @RolesAllowed(Roles.ADMIN)
    @Audited("backup.schedule.create")
    public Response create(ScheduleRequest request, @Context UriInfo uri) {
        var body = request == null ? ScheduleRequest.EMPTY : request;
        var created = schedules.create(body.name(), body.input());
        return Response.status(Response.Status.CREATED)
                .entity(ScheduleResponse.of(created, clock))
                .location(uri.getAbsolutePathBuilder().path(created.name()).build())
                .build();
    }

    @Operation(
            summary = "The next times a cron expression would run, before a schedule is saved with it",
            description = "Checked and computed as a schedule's cron and timezone are (five fields; a time in a DST gap"
                    + " runs at the gap's end, a repeated one once). timezone defaults to the configuration's, count"
                    + " to " + BackupSchedules.NextRuns.DEFAULT_COUNT + " (1 to " + BackupSchedules.NextRuns.MAX_COUNT
                    + "). A bad expression, time zone or count answers 400 with the field named in detail.")
    @APIResponse(
            responseCode = "200",
            description = "The expression, its time zone and its next runs in UTC",
            content = @Content(schema = @Schema(implementation = NextRunsResponse.class)))
    @APIResponse(responseCode = "400", description = "A bad cron expression, time zone or count")
    @GET
    @Path(BackupSchedules.RESERVED_NAME)
    public NextRunsResponse nextRuns(
            @QueryParam("cron") String cron,
            @QueryParam("timezone") String timezone,
            @QueryParam("count") String count) {
        return NextRunsResponse.of(schedules.nextRuns(cron, timezone, count(count)));
    }

    @Operation(summary = "One schedule")
    @GET
    @Path("{name}")
    public ScheduleResponse get(@PathParam("name") String name) {
        return ScheduleResponse.of(schedules.get(name), clock);
    }

    @Operation(summary = "Change a schedule; absent fields keep their value ('default' is the backup configuration)")
    @PUT
    @Path("{name}")
    @RolesAllowed(Roles.ADMIN)
    @Audited("backup.schedule.update")
    public ScheduleResponse update(@PathParam("name") String name, ScheduleRequest request) {
        var body = request == null ? ScheduleRequest.EMPTY : request;
        if (body.name() != null && !body.name().equals(name)) {
            throw new InvalidBackupRequest("name: a schedule cannot be renamed; create one under the new name");
        }
        return ScheduleResponse.of(schedules.update(name, body.input()), clock);
    }

    @Operation(summary = "Delete a schedule; its backups stay")
    @DELETE
    @Path("{name}")
    @RolesAllowed(Roles.ADMIN)
    @Audited("backup.schedule.delete")
    public ScheduleDeleted delete(@PathParam("name") String name) {
        schedules.delete(name);
        return new ScheduleDeleted(true, name, "Schedule deleted; its backups stay");
    }

    @Operation(
            summary =
                    "Apply the schedule's retention now, or with dry_run=true say what would go and why the rest stays")
    @POST
    @Path("{name}/retention")
    @Audited("backup.schedule.retention")
    public RetentionReport retention(
            @PathParam("name") String name,
            @Parameter(description = "true: only say what would go and why the rest stays; nothing is removed")
                    @QueryParam("dry_run")
                    String dryRunParameter,
            @Context SecurityContext caller) {
        var dryRun = dryRun(dryRunParameter);
        // A dry run only reads: moderators may see what would go; pruning is an admin's.
        if (!dryRun && !caller.isUserInRole(Roles.ADMIN)) {
            throw new ForbiddenException("Only an admin prunes; a moderator may ask with dry_run=true");
        }
        return RetentionReport.of(name, dryRun, pruner.apply(schedules.get(name), dryRun));
    }

    /** A whole number (absent: the default); the range is the control's to check. */
    static int count(String parameter) {
        if (parameter == null) {
            return BackupSchedules.NextRuns.DEFAULT_COUNT;
        }
        try {
            return Integer.parseInt(parameter.strip());
        } catch (NumberFormatException e) {
            throw new InvalidBackupRequest(
                    "count: must be a whole number from 1 to " + BackupSchedules.NextRuns.MAX_COUNT);
        }
    }

    /**
     * Only {@code true} or {@code false} (absent: false). JAX-RS would read any other word as false, and a typo such
     * as {@code dry_run=yes} would then prune instead of only listing.
     */
    static boolean dryRun(String parameter) {
        if (parameter == null || parameter.equals("false")) {
            return false;
        }
        if (parameter.equals("true")) {
            return true;
        }
        throw new InvalidBackupRequest("dry_run must be true or false");
    }
}
