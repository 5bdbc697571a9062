package com.opscenter.cloud.boundary;

import com.opscenter.audit.boundary.Audited;
import com.opscenter.backups.boundary.BackupActionResponse;
import com.opscenter.backups.control.ArchiveImports;
import com.opscenter.cloud.control.BucketBackup;
import com.opscenter.cloud.control.BucketCatalog;
import com.opscenter.cloud.control.CloudPruner;
import com.opscenter.cloud.control.CloudTarget;
import com.opscenter.cloud.control.CloudTargets;
import com.opscenter.cloud.control.CloudUploads;
import com.opscenter.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The spec's manual cloud operations: list, upload, download, delete and sync. With several cloud targets, list
 * and sync act on the first unless {@code ?target=} names another; upload and delete act on every target unless
 * it does; download reads from the first target that serves a good copy.
 */
@Tag(name = "cloud", description = "Off-site copies of backups in an S3-compatible bucket")
@Path("backups/cloud")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MODERATOR})
@ApplicationScoped
public class CloudResource {

    static final String TARGET_TO_LIST = "The cloud target to list, by name (CLOUD_BACKUP_TARGETS; the spec's own"
            + " variables form 'default'). Without it, the first target that answers.";
    static final String TARGET_TO_SYNC = "The cloud target to sync, by name (CLOUD_BACKUP_TARGETS; the spec's own"
            + " variables form 'default'). Without it, every target.";
    static final String TARGET_TO_CHANGE = "The cloud target to act on, by name (CLOUD_BACKUP_TARGETS; the spec's"
            + " own variables form 'default'). Without it, every target.";

    @Inject
    BucketCatalog cloud;

    @Inject
    CloudUploads uploads;

    @Inject
    CloudTargets targets;

    @Inject
    ArchiveImports imports;

    @Inject
    CloudPruner retention;

    @Operation(
            summary = "List the backups in the cloud bucket",
            description = "With several cloud targets and no target named, the first target that answers is listed;"
                    + " the targets passed over are in failed_targets. 502 only when no target answers.")
    @GET
    public CloudBackupList list(@Parameter(description = TARGET_TO_LIST) @QueryParam("target") String target) {
        cloud.requireEnabled();
        var served = target == null || target.isBlank() ? cloud.listFirstAnswering() : cloud.listNamed(target);
        var chosen = served.target();
        var listing = served.listing();
        var settings = chosen.settings();
        var bucket = chosen.store().check(false);
        var owners = retention.owners(chosen);
        return new CloudBackupList(
                settings.providerName(),
                settings.bucket(),
                settings.region(),
                settings.endpoint(),
                settings.prefix(),
                bucket.versioning(),
                listing.backups().stream().mapToLong(BucketBackup::archiveSize).sum(),
                CloudBackupList.items(listing.backups(), imports::presentLocally, owners),
                listing.ignored(),
                chosen.name(),
                targets.all().stream().map(CloudTarget::name).toList(),
                served.failed().entrySet().stream()
                        .map(e -> new CloudTargetProblem(e.getKey(), e.getValue()))
                        .toList());
    }

    @Operation(summary = "Upload a backup to the cloud")
    @POST
    @Path("{backup_id}/upload")
    @RolesAllowed(Roles.ADMIN)
    @Audited("cloud.upload.request")
    public Response upload(
            @PathParam("backup_id") String backupId,
            @Parameter(description = TARGET_TO_CHANGE) @QueryParam("target") String target,
            @Context SecurityContext caller,
            @Context UriInfo uri) {
        var actor = caller.getUserPrincipal().getName();
        var copy = target == null || target.isBlank()
                ? uploads.queue(backupId, actor)
                : uploads.queue(cloud.target(target), backupId, actor);
        return Response.accepted(
                        new CloudUploadResponse(true, backupId, copy.state().wireName(), "Upload started"))
                .location(uri.getBaseUriBuilder().path("backups").path(backupId).build())
                .build();
    }

    @Operation(summary = "Fetch a backup from the cloud, verify it and add it to the catalog")
    @POST
    @Path("{backup_id}/download")
    @RolesAllowed(Roles.ADMIN)
    @Audited("cloud.download")
    public CloudDownloadResponse download(@PathParam("backup_id") String backupId) throws IOException {
        var fetched = cloud.download(backupId);
        var backup = fetched.backup();
        return new CloudDownloadResponse(
                true,
                backupId,
                "Backup downloaded from the cloud and verified",
                backup.sizeBytes(),
                backup.sha256(),
                backup.status().wireName(),
                fetched.target());
    }

    @Operation(summary = "Delete a backup's cloud copy")
    @DELETE
    @Path("{backup_id}")
    @RolesAllowed(Roles.ADMIN)
    @Audited("cloud.delete")
    public BackupActionResponse delete(
            @PathParam("backup_id") String backupId,
            @Parameter(description = TARGET_TO_CHANGE) @QueryParam("target") String target) {
        if (target == null || target.isBlank()) {
            cloud.delete(backupId);
        } else {
            cloud.delete(cloud.target(target), backupId);
        }
        return new BackupActionResponse(true, backupId, "Cloud copy deleted successfully");
    }

    @Operation(
            summary = "Copy what is missing from local storage to the cloud, or back",
            description = "With several cloud targets and no target named, every target is synced (with from: every"
                    + " target but that one) and targets has each one's result; a target that does not answer is"
                    + " reported there and the others are synced all the same. 502 only when no target answers.")
    @POST
    @Path("sync")
    @RolesAllowed(Roles.ADMIN)
    @Audited("cloud.sync")
    public CloudSyncResponse sync(
            @Valid CloudSyncRequest request,
            @Parameter(description = TARGET_TO_SYNC) @QueryParam("target") String target,
            @Context SecurityContext caller) {
        var direction = request == null || request.direction() == null ? "upload" : request.direction();
        var from = request == null ? null : request.from();
        var actor = caller.getUserPrincipal().getName();
        var results = target == null || target.isBlank()
                ? cloud.syncEvery(direction, from, actor)
                : java.util.List.of(new BucketCatalog.TargetSync(
                        cloud.target(target).name(), cloud.sync(direction, target, from, actor), null));
        return CloudSyncResponse.of(direction, results);
    }
}
