package com.opscenter.storage.boundary;

import com.opscenter.audit.boundary.Audited;
import com.opscenter.security.Roles;
import com.opscenter.storage.control.VolumeCatalog;
import com.opscenter.storage.control.VolumeNames;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

@Path("storage/volumes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MODERATOR})
public class VolumesResource {

    @Inject
    VolumeCatalog catalog;

    @GET
    public List<VolumeResponse> list() {
        return catalog.list().volumes().stream().map(VolumeResponse::of).toList();
    }

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
