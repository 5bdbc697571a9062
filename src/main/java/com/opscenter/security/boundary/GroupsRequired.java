package com.opscenter.security.boundary;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A token without a {@code groups} claim was not issued for this service: it is refused as unauthenticated,
 * rather than let in with no roles.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class GroupsRequired implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken token
                && token.getClaim(Claims.groups.name()) == null) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\", error_description=\"no groups claim\"")
                    .build());
        }
    }
}
