package com.opscenter.storage.boundary;

import com.opscenter.audit.boundary.Audited;
import com.opscenter.audit.boundary.AuditedRequests;
import com.opscenter.platform.control.WorkLimits;
import com.opscenter.security.Roles;
import com.opscenter.storage.control.Cleanup;
import com.opscenter.storage.control.Optimizer;
import com.opscenter.storage.control.StorageStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Tag(name = StorageResource.TAG, description = StorageResource.TAG_DESCRIPTION)
@Path("storage")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MODERATOR})
public class StorageResource {

    /** The OpenAPI group of this and VolumesResource: one name, one description. */
    static final String TAG = "storage";

    static final String TAG_DESCRIPTION = "Disk space, Docker volumes, cleanup and optimization";

    @Inject
    StorageStatus status;

    @Inject
    Cleanup cleanup;

    @Inject
    Optimizer optimizer;

    /** Clean-up and optimize run one at a time (by default): a second caller is told it is already running. */
    @Inject
    WorkLimits limits;

    @Context
    HttpServletRequest request;

    @Operation(summary = "Disk space of the volumes root, and every volume")
    @GET
    @Path("info")
    public StorageInfoResponse info() {
        var info = status.info();
        return new StorageInfoResponse(
                info.disk().total(),
                info.disk().used(),
                info.disk().free(),
                info.listing().volumes().stream().map(VolumeResponse::of).toList());
    }

    @Operation(summary = "Storage health: disk usage, volume states and recommendations")
    @GET
    @Path("health")
    public StorageHealthResponse health() {
        return StorageHealthResponse.of(status.health());
    }

    @Operation(summary = "Remove unused Docker data, old logs, caches and, if asked, old backups")
    @POST
    @Path("cleanup")
    @RolesAllowed(Roles.ADMIN)
    @Audited("storage.cleanup")
    public CleanupResponse cleanup(CleanupRequest body) {
        var plan = (body == null ? CleanupRequest.DEFAULTS : body).plan();
        CleanupResponse response;
        try (var permit = limits.acquire(WorkLimits.Work.CLEANUP)) {
            response = CleanupResponse.of(cleanup.run(plan));
        }
        request.setAttribute(
                AuditedRequests.DETAILS_PROPERTY,
                plan + "; freed_space=" + response.freedSpace() + "; errors="
                        + response.errors().size());
        return response;
    }

    @Operation(summary = "Compress logs, defragment and check integrity")
    @POST
    @Path("optimize")
    @RolesAllowed(Roles.ADMIN)
    @Audited("storage.optimize")
    public OptimizeResponse optimize(OptimizeRequest body) {
        var plan = (body == null ? OptimizeRequest.DEFAULTS : body).plan();
        OptimizeResponse response;
        try (var permit = limits.acquire(WorkLimits.Work.OPTIMIZE)) {
            response = OptimizeResponse.of(optimizer.run(plan));
        }
        request.setAttribute(
                AuditedRequests.DETAILS_PROPERTY,
                plan + "; errors=" + response.errors().size());
        return response;
    }
}
