package com.opscenter.cloud.boundary;

import com.opscenter.audit.boundary.Audited;
import com.opscenter.backups.boundary.BackupActionResponse;
import com.opscenter.backups.control.ArchiveImports;
import com.opscenter.cloud.control.BucketBackup;
import com.opscenter.cloud.control.BucketCatalog;
import com.opscenter.cloud.control.CloudPruner;
import com.opscenter.cloud.control.CloudUploads;
import com.opscenter.cloud.control.ObjectStore;
import com.opscenter.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The spec's manual cloud operations: list, upload, download, delete and sync. */
@Tag(name = "cloud", description = "Off-site copies of backups in an S3-compatible bucket")
@Path("backups/cloud")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MODERATOR})
public class CloudResource {

    @Inject
    BucketCatalog cloud;

    @Inject
    CloudUploads uploads;

    @Inject
    ObjectStore store;

    @Inject
    ArchiveImports imports;

    @Inject
    CloudPruner retention;

    @Operation(summary = "List the backups in the cloud bucket")
    @GET
    public CloudBackupList list() {
        var listing = cloud.list();
        var settings = store.settings();
        var bucket = store.check(false);
        var owners = retention.owners();
        return new CloudBackupList(
                settings.providerName(),
                settings.bucket(),
                settings.region(),
                settings.endpoint(),
                settings.prefix(),
                bucket.versioning(),
                listing.backups().stream().mapToLong(BucketBackup::archiveSize).sum(),
                CloudBackupList.items(listing.backups(), imports::presentLocally, owners),
                listing.ignored());
    }

    @Operation(summary = "Upload a backup to the cloud")
    @POST
    @Path("{backup_id}/upload")
    @RolesAllowed(Roles.ADMIN)
    @Audited("cloud.upload.request")
    public Response upload(
            @PathParam("backup_id") String backupId, @Context SecurityContext caller, @Context UriInfo uri) {
        var copy = uploads.queue(backupId, caller.getUserPrincipal().getName());
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
        var backup = cloud.download(backupId);
        return new CloudDownloadResponse(
                true,
                backupId,
                "Backup downloaded from the cloud and verified",
                backup.sizeBytes(),
                backup.sha256(),
                backup.status().wireName());
    }

    @Operation(summary = "Delete a backup's cloud copy")
    @DELETE
    @Path("{backup_id}")
    @RolesAllowed(Roles.ADMIN)
    @Audited("cloud.delete")
    public BackupActionResponse delete(@PathParam("backup_id") String backupId) {
        cloud.delete(backupId);
        return new BackupActionResponse(true, backupId, "Cloud copy deleted successfully");
    }

    @Operation(summary = "Copy what is missing from local storage to the cloud, or back")
    @POST
    @Path("sync")
    @RolesAllowed(Roles.ADMIN)
    @Audited("cloud.sync")
    public CloudSyncResponse sync(@Valid CloudSyncRequest request, @Context SecurityContext caller) {
        var direction = request == null || request.direction() == null ? "upload" : request.direction();
        var report = cloud.sync(direction, caller.getUserPrincipal().getName());
        return new CloudSyncResponse(
                report.failed().isEmpty(),
                report.direction(),
                report.copied(),
                entries(report.skipped()),
                entries(report.failed()),
                "Copied " + report.copied().size() + ", skipped "
                        + report.skipped().size() + ", failed "
                        + report.failed().size());
    }

    private static java.util.List<CloudSyncResponse.Entry> entries(Map<String, String> reasons) {
        return reasons.entrySet().stream()
                .map(e -> new CloudSyncResponse.Entry(e.getKey(), e.getValue()))
                .toList();
    }
}
