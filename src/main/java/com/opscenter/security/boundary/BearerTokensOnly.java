package com.opscenter.security.boundary;

import jakarta.annotation.Priority;
import jakarta.json.Json;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The API takes bearer tokens only. Liberty also authenticates an LtpaToken2 cookie, and a Basic login to the
 * development token endpoint sets one: without this filter that cookie alone opened the API (and a cookie is
 * sent by a browser on its own, the start of cross-site request forgery). Any caller whose identity is not a
 * verified JWT is refused as unauthenticated.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerTokensOnly implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        var principal = request.getSecurityContext().getUserPrincipal();
        if (principal != null && !(principal instanceof JsonWebToken)) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .entity(Json.createObjectBuilder()
                            .add("detail", "Only a bearer token in the Authorization header is accepted here")
                            .build()
                            .toString())
                    .build());
        }
    }
}
