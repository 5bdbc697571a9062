package com.opscenter.storage.boundary;

import com.opscenter.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Map;

@Path("storage")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MODERATOR})
public class StorageResource {
    @GET
    @Path("info")
    public Map<String, Object> info(@Context SecurityContext sc) {
        return Map.of("user", sc.getUserPrincipal().getName(), "admin", sc.isUserInRole("admin"));
    }
}
