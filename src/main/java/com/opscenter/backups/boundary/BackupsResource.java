package com.opscenter.backups.boundary;

import com.opscenter.audit.boundary.Audited;
import com.opscenter.audit.boundary.AuditedRequests;
import com.opscenter.backups.control.ArchiveStreams;
import com.opscenter.backups.control.BackupArchives;
import com.opscenter.backups.control.BackupCatalog;
import com.opscenter.backups.control.BackupConfigEditor;
import com.opscenter.backups.control.BackupJobs;
import com.opscenter.backups.control.BackupListing;
import com.opscenter.backups.control.BackupPage;
import com.opscenter.backups.control.BackupRestores;
import com.opscenter.backups.control.BackupUsage;
import com.opscenter.backups.control.ByteRange;
import com.opscenter.backups.control.IgnoredSidecars;
import com.opscenter.backups.control.OffsiteCopies;
import com.opscenter.backups.entity.BackupType;
import com.opscenter.platform.boundary.LimitedWork;
import com.opscenter.platform.control.WorkLimits;
import com.opscenter.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.file.Files;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Tag(name = "backups", description = "Backups of volumes and paths: create, list, verify, restore, download, configure")
@Path("backups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MODERATOR})
@ApplicationScoped
public class BackupsResource {

    @Inject
    BackupJobs jobs;

    @Inject
    BackupArchives archives;

    @Inject
    BackupRestores restores;

    @Inject
    BackupConfigEditor configuration;

    @Inject
    BackupUsage usage;

    @Inject
    OffsiteCopies offsite;

    @Inject
    IgnoredSidecars ignoredSidecars;

    @Inject
    LimitedWork work;

    @Context
    HttpServletRequest servletRequest;

    @Operation(
            summary = "List the backups, with the schedule and retention in force",
            description = "Without offset and limit, every backup, newest first (the spec's answer). With either, one"
                    + " page of them: limit from 1 to " + BackupPage.MAX_LIMIT + " (default "
                    + BackupPage.DEFAULT_LIMIT + "), offset 0 or more. X-Total-Count says how many backups there are"
                    + " in all, and a Link header with rel=\"next\" names the next page while there is one.")
    @APIResponse(
            responseCode = "200",
            description = "The backups, or one page of them",
            content = @Content(schema = @Schema(implementation = BackupList.class)))
    @GET
    // One transaction for the page's dozen reads (catalog, cloud copies, settling returned archives), each of
    // which would otherwise take a connection and commit on its own; the JSON is written after it ends.
    @Transactional
    public Response list(
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit,
            @Parameter(description = "Only the backups taken for the schedule of that name") @QueryParam("schedule")
                    String schedule,
            @Parameter(description = "Only the backups that hold the volume of that name") @QueryParam("volume")
                    String volume,
            @Context UriInfo uri) {
        var page = BackupPage.of(offset, limit);
        archives.settleMissing();
        // Optional filters, before paging: only the backups of that schedule, or that hold that volume.
        var overview = configuration.overview(page, new BackupCatalog.Filter(schedule, volume));
        var ids = overview.backups().stream().map(BackupListing::id).toList();
        var targets = offsite.targetStates(ids);
        // With cloud targets configured, every backup's first-target state came with that read; only without
        // them is the older single-target state asked for.
        var cloud = ids.stream().allMatch(id -> firstTarget(targets, id).isPresent())
                ? java.util.Map.<String, OffsiteCopies.State>of()
                : page.isPresent() ? offsite.states(ids) : offsite.states();
        var body = new BackupList(
                overview.config().backupEnabled(),
                overview.config().schedule(),
                overview.lastBackup(),
                overview.nextBackup(),
                overview.config().backupLocation(),
                overview.config().retentionDays(),
                overview.backups().stream()
                        .map(b -> BackupSummary.of(
                                b,
                                firstTarget(targets, b.id())
                                        .orElseGet(() -> cloud.getOrDefault(b.id(), OffsiteCopies.State.NOT_UPLOADED)),
                                CloudTargetStatus.of(targets, b.id())))
                        .toList(),
                ignoredSidecars.reasons());
        var response = Response.ok(body).header("X-Total-Count", overview.total());
        // The next page's offset; none when the list is whole or this page is the last.
        var shown = overview.backups().size();
        var next = page.map(p -> (long) p.offset() + shown).orElse(overview.total());
        if (next < overview.total()) {
            var link = uri.getRequestUriBuilder()
                    .replaceQueryParam("offset", next)
                    .replaceQueryParam("limit", page.get().limit())
                    .build();
            response.header("Link", "<" + link + ">; rel=\"next\"");
        }
        return response.build();
    }

    @Operation(summary = "Start a manual backup")
    @POST
    @Path("create")
    @RolesAllowed(Roles.ADMIN)
    @Audited("backup.create")
    public Response create(@Valid CreateBackupRequest request, @Context SecurityContext caller, @Context UriInfo uri) {
        var body = request == null ? new CreateBackupRequest(null, null, null, null) : request;
        var started = jobs.start(
                BackupType.MANUAL,
                body.includeVolumes(),
                body.description(),
                caller.getUserPrincipal().getName(),
                body.mode());
        var backup = started.backup();
        return Response.accepted(new CreateBackupResponse(
                        true,
                        backup.id(),
                        "Backup started",
                        "manual",
                        backup.status().wireName(),
                        backup.mode(),
                        started.modeReason()))
                .location(uri.getBaseUriBuilder()
                        .path("backups")
                        .path(backup.id())
                        .build())
                .build();
    }

    @Operation(summary = "Read the backup configuration")
    @GET
    @Path("config")
    public BackupConfigResponse config() {
        return BackupConfigResponse.of(configuration.current());
    }

    @Operation(summary = "Change the backup configuration; absent fields keep their value")
    @PUT
    @Path("config")
    @RolesAllowed(Roles.ADMIN)
    @Audited("backup.config.update")
    public BackupConfigResponse updateConfig(@Valid BackupConfigUpdate update) {
        var change = update == null
                ? new BackupConfigUpdate(null, null, null, null, null, null, null, null, null, null, null, null, null)
                : update;
        return BackupConfigResponse.of(configuration.update(new BackupConfigEditor.Change(
                change.backupEnabled(),
                change.schedule(),
                change.retentionDays(),
                change.backupLocation(),
                change.includePaths(),
                change.excludePatterns(),
                change.compression(),
                change.compressionLevel(),
                change.timezone(),
                change.includeVolumes(),
                change.cloudRetentionDays(),
                null,
                change.encryption(),
                change.incremental() == null
                        ? null
                        : new BackupConfigEditor.Incremental(
                                change.incremental().enabled(),
                                change.incremental().fullEveryDays(),
                                change.incremental().fullEveryIncrements()))));
    }

    @Operation(summary = "One backup with its progress, archive and cloud copy")
    @GET
    @Path("{backup_id}")
    public BackupDetails get(@PathParam("backup_id") String backupId) {
        var backup = archives.backup(backupId);
        var targets = offsite.targetStates(java.util.List.of(backupId));
        return BackupDetails.of(
                backup,
                firstTarget(targets, backupId).orElseGet(() -> offsite.state(backupId)),
                CloudTargetStatus.of(targets, backupId),
                archives.chainSize(backup));
    }

    /**
     * {@code cloud} describes the first target: taken from the same read as {@code cloud_targets}, so that one answer
     * never says "uploading" in one and "uploaded" in the other while an upload ends between two reads.
     */
    private static java.util.Optional<OffsiteCopies.State> firstTarget(
            java.util.Map<String, java.util.List<OffsiteCopies.TargetState>> targets, String backupId) {
        var states = targets.get(backupId);
        return states == null || states.isEmpty()
                ? java.util.Optional.empty()
                : java.util.Optional.of(states.get(0).state());
    }

    @Operation(
            summary = "List the entries of a backup's archive, to preview a restore; one page at a time",
            description = "The body is the page's entries; X-Total-Count says how many there are in all, and a"
                    + " Link header with rel=\"next\" names the next page while there is one.")
    @APIResponse(
            responseCode = "200",
            description = "One page of entries",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ArchiveEntry.class)))
    @GET
    @Path("{backup_id}/contents")
    public void contents(
            @PathParam("backup_id") String backupId,
            @QueryParam("offset") @DefaultValue("0") @Min(value = 0, message = "offset must be 0 or more") long offset,
            @QueryParam("limit")
                    @DefaultValue("" + ContentsPage.DEFAULT_LIMIT)
                    @Min(value = 1, message = "limit must be at least 1")
                    int limit,
            @Context UriInfo uri,
            @Suspended AsyncResponse response) {
        var page = new ContentsPage(offset, limit, uri.getRequestUriBuilder());
        work.answer(
                response,
                WorkLimits.Work.CONTENTS,
                () -> page.answer(archives.contents(archives.backup(backupId), offset, page.limit())));
    }

    @Operation(summary = "Check a backup's archive against its recorded checksum")
    @APIResponse(
            responseCode = "200",
            description = "The verification's outcome",
            content = @Content(schema = @Schema(implementation = VerifyResponse.class)))
    @POST
    @Path("verify/{backup_id}")
    @Audited("backup.verify")
    public void verify(@PathParam("backup_id") String backupId, @Suspended AsyncResponse response) {
        work.answer(response, WorkLimits.Work.VERIFY, () -> {
            var result = archives.verify(archives.backup(backupId));
            return new VerifyResponse(
                    backupId,
                    result.valid(),
                    result.checksumMatch(),
                    result.integrityCheck(),
                    result.errors(),
                    result.entriesChecked(),
                    result.warning());
        });
    }

    @Operation(
            summary = "Restore a backup into a folder, or one volume in place",
            description = "With paths, only those entries of the backup (each with everything under it) are"
                    + " restored into the folder, under the paths the contents list gives them; not with volume.")
    @APIResponse(
            responseCode = "200",
            description = "Where the backup was restored",
            content = @Content(schema = @Schema(implementation = RestoreResponse.class)))
    @POST
    @Path("{backup_id}/restore")
    @RolesAllowed(Roles.ADMIN)
    @Audited("backup.restore")
    public void restore(
            @PathParam("backup_id") String backupId, @Valid RestoreRequest request, @Suspended AsyncResponse response) {
        var body = request == null ? RestoreRequest.DEFAULTS : request;
        var details = AuditedRequests.laterDetails(servletRequest);
        details.accept(
                body.paths() == null ? "paths=all" : "paths=" + body.paths().size());
        work.answer(response, WorkLimits.Work.RESTORE, () -> {
            body.conflictWith(backupId).ifPresent(problem -> {
                throw new BadRequestException(problem);
            });
            body.pathsProblem().ifPresent(problem -> {
                throw new BadRequestException(problem);
            });
            var located = restores.locateWithSource(backupId);
            var outcome = restores.restore(
                    located.backup(),
                    body.restorePath(),
                    body.verifyBeforeRestore() == null || body.verifyBeforeRestore(),
                    body.volume(),
                    Boolean.TRUE.equals(body.stopContainers()),
                    body.paths());
            return new RestoreResponse(
                    true,
                    backupId,
                    outcome.destination().toString(),
                    "Backup restored successfully",
                    outcome.result().files(),
                    outcome.result().bytes(),
                    located.cloudTarget(),
                    body.paths());
        });
    }

    @Operation(summary = "Delete a backup: archive, sidecar and catalog entry")
    @DELETE
    @Path("{backup_id}")
    @RolesAllowed(Roles.ADMIN)
    @Audited("backup.delete")
    public BackupActionResponse delete(@PathParam("backup_id") String backupId) throws IOException {
        archives.delete(backupId);
        return new BackupActionResponse(true, backupId, "Backup deleted successfully");
    }

    /** Streams the archive from disk, whole or one byte range, so a broken download can resume. */
    @Operation(summary = "Download a backup's archive, whole or one byte range")
    @GET
    @Path("{backup_id}/download")
    @Produces(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @Audited("backup.download")
    public Response download(@PathParam("backup_id") String backupId, @HeaderParam("Range") String range)
            throws IOException {
        var backup = archives.backup(backupId);
        var archive = archives.archive(backup);
        var size = Files.size(archive);
        var codec = backup.codec();
        ByteRange requested;
        try {
            requested = ByteRange.parse(range, size).orElse(null);
        } catch (ByteRange.Unsatisfiable e) {
            return Response.status(416)
                    .header("Content-Range", "bytes */" + e.size())
                    .type(MediaType.APPLICATION_JSON)
                    .entity(new com.opscenter.platform.boundary.ErrorResponse(e.getMessage()))
                    .build();
        }
        var start = requested == null ? 0 : requested.start();
        var length = requested == null ? size : requested.length();
        StreamingOutput body = out -> {
            try (var use = usage.begin(backupId, BackupUsage.Use.DOWNLOADING);
                    var file = new RandomAccessFile(archive.toFile(), "r");
                    var channel = file.getChannel()) {
                ArchiveStreams.send(channel, start, length, Channels.newChannel(out));
            }
        };
        var response = Response.status(requested == null ? 200 : 206)
                .entity(body)
                .type(codec.mediaType())
                .header("Content-Length", length)
                .header("Accept-Ranges", "bytes")
                .header("Content-Disposition", "attachment; filename=\"" + archive.getFileName() + "\"")
                .header("ETag", "\"" + backup.sha256() + "\"");
        if (requested != null) {
            response.header("Content-Range", "bytes " + requested.start() + "-" + requested.end() + "/" + size);
        }
        return response.build();
    }
}
