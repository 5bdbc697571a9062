package com.opscenter.storage.boundary;

import com.opscenter.audit.boundary.Audited;
import com.opscenter.security.Roles;
import com.opscenter.storage.control.VolumeCatalog;
import com.opscenter.storage.control.VolumeNames;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Tag(name = StorageResource.TAG, description = StorageResource.TAG_DESCRIPTION)
@Path("storage/volumes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MODERATOR})
@ApplicationScoped
public class VolumesResource {

    @Inject
    VolumeCatalog catalog;

    @Operation(summary = "List the Docker volumes with size and health")
    @GET
    public List<VolumeResponse> list() {
        return catalog.list().volumes().stream().map(VolumeResponse::of).toList();
    }

    @Operation(summary = "One volume with its file count and largest files")
    @GET
    @Path("{volume_name}")
    @Audited("storage.volume.read")
    public VolumeDetailsResponse get(@PathParam("volume_name") String name) {
        if (!VolumeNames.isValid(name)) {
            throw new BadRequestException(
                    "Invalid volume name: use letters, digits, '_', '.' and '-', " + "starting with a letter or digit");
        }
        return catalog.find(name)
                .map(VolumeDetailsResponse::of)
                .orElseThrow(() -> new NotFoundException("No volume named " + name));
    }
}
