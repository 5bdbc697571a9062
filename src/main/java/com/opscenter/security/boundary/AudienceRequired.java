package com.opscenter.security.boundary;

import com.opscenter.security.control.AccessSettings;
import com.opscenter.security.control.AudienceRule;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The audience check again, after Liberty's: mpJwt drops it when JWT_AUDIENCE resolves to nothing, and then a
 * token issued for any other service of the same provider would be let in. Here an empty setting means the
 * default audience (see {@link AudienceRule}).
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AudienceRequired implements ContainerRequestFilter {

    @Inject
    @ConfigProperties
    AccessSettings settings;

    private volatile AudienceRule rule;

    public AudienceRequired() {}

    AudienceRequired(AudienceRule rule) {
        this.rule = rule;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (rule == null) {
            rule = settings.audienceRule();
        }
        if (request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken token
                && !rule.accepts(token.getAudience())) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .header(
                            HttpHeaders.WWW_AUTHENTICATE,
                            "Bearer error=\"invalid_token\", error_description=\"audience not accepted\"")
                    .entity(Json.createObjectBuilder()
                            .add(
                                    "detail",
                                    "Token not issued for this service: its audience is none of " + rule.expected())
                            .build()
                            .toString())
                    .build());
        }
    }
}
