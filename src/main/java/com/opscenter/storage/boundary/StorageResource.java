package com.opscenter.storage.boundary;

import com.opscenter.audit.boundary.Audited;
import com.opscenter.audit.boundary.AuditedRequests;
import com.opscenter.platform.boundary.LimitedWork;
import com.opscenter.platform.control.WorkLimits;
import com.opscenter.security.Roles;
import com.opscenter.storage.control.Cleanup;
import com.opscenter.storage.control.Optimizer;
import com.opscenter.storage.control.StorageStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Tag(name = StorageResource.TAG, description = StorageResource.TAG_DESCRIPTION)
@Path("storage")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MODERATOR})
@ApplicationScoped
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

    /**
     * Clean-up and optimize run one at a time (by default; a second caller is told it is already running), off
     * the request thread.
     */
    @Inject
    LimitedWork work;

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
    @APIResponse(
            responseCode = "200",
            description = "What was removed and freed",
            content = @Content(schema = @Schema(implementation = CleanupResponse.class)))
    @POST
    @Path("cleanup")
    @RolesAllowed(Roles.ADMIN)
    @Audited("storage.cleanup")
    public void cleanup(CleanupRequest body, @Suspended AsyncResponse response) {
        var plan = (body == null ? CleanupRequest.DEFAULTS : body).plan();
        var details = AuditedRequests.laterDetails(request);
        work.answer(response, WorkLimits.Work.CLEANUP, () -> {
            var answer = CleanupResponse.of(cleanup.run(plan));
            details.accept(plan + "; freed_space=" + answer.freedSpace() + "; errors="
                    + answer.errors().size());
            return answer;
        });
    }

    @Operation(summary = "Compress logs, defragment and check integrity")
    @APIResponse(
            responseCode = "200",
            description = "What was optimized",
            content = @Content(schema = @Schema(implementation = OptimizeResponse.class)))
    @POST
    @Path("optimize")
    @RolesAllowed(Roles.ADMIN)
    @Audited("storage.optimize")
    public void optimize(OptimizeRequest body, @Suspended AsyncResponse response) {
        var plan = (body == null ? OptimizeRequest.DEFAULTS : body).plan();
        var details = AuditedRequests.laterDetails(request);
        work.answer(response, WorkLimits.Work.OPTIMIZE, () -> {
            var answer = OptimizeResponse.of(optimizer.run(plan));
            details.accept(plan + "; errors=" + answer.errors().size());
            return answer;
        });
    }
}
