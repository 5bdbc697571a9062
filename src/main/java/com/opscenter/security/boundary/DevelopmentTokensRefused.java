package com.opscenter.security.boundary;

import com.opscenter.security.control.AccessSettings;
import com.opscenter.security.control.DevIssuerRule;
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
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The token endpoint of the development issuer is Liberty's, not ours, and liberty/dev-token-issuer.xml may be
 * present on a server the rule says must not trust it (open to the network, or on PostgreSQL). Its tokens (marked
 * by the builder's extra audience, or naming the builder as issuer) are then worthless here: refused as
 * unauthenticated before any resource runs, even when signed with the key this server trusts.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class DevelopmentTokensRefused implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(DevelopmentTokensRefused.class.getName());

    @Inject
    @ConfigProperties
    AccessSettings settings;

    private volatile String refusal;
    private volatile boolean decided;

    public DevelopmentTokensRefused() {}

    DevelopmentTokensRefused(DevIssuerRule rule) {
        decide(rule);
    }

    private void decide(DevIssuerRule rule) {
        refusal = rule.reasonRefused();
        decided = true;
        if (refusal != null) {
            LOG.info(() -> "Development tokens refused: " + refusal);
        }
    }

    private String refusal() {
        if (!decided) {
            decide(settings.devIssuerRule());
        }
        return refusal;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken token
                && DevIssuerRule.developmentToken(token.getIssuer(), token.getAudience())
                && refusal() != null) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .header(
                            HttpHeaders.WWW_AUTHENTICATE,
                            "Bearer error=\"invalid_token\", error_description=\"development token refused\"")
                    .entity(Json.createObjectBuilder()
                            .add("detail", "Development token refused: " + refusal())
                            .build()
                            .toString())
                    .build());
        }
    }
}
