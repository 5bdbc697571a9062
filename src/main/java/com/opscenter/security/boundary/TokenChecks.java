package com.opscenter.security.boundary;

import com.opscenter.security.control.AccessSettings;
import com.opscenter.security.control.AudienceRule;
import com.opscenter.security.control.DevIssuerRule;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What the application checks of a caller after Liberty has verified the token's signature, issuer, expiry and
 * (when set) audience. Each refusal is 401 with a {@code WWW-Authenticate} saying why and a JSON detail, in this
 * order:
 *
 * <ol>
 *   <li><b>Bearer tokens only.</b> Liberty also authenticates an LtpaToken2 cookie, which a Basic login to the
 *       development token endpoint sets: that cookie alone would open the API, and a browser sends it on its own
 *       (the start of cross-site request forgery).
 *   <li><b>A {@code groups} claim.</b> A token without one was not issued for this service; the runtime reports a
 *       missing claim as no groups, so the raw token is read.
 *   <li><b>The audience, again.</b> mpJwt drops its check when JWT_AUDIENCE resolves to nothing, which would let in
 *       a token the same provider issued for any other service; an empty setting means the default audience.
 *   <li><b>Development tokens where they are not trusted.</b> liberty/dev-token-issuer.xml may be present on a
 *       server the rule says must not trust it (open to the network, or on PostgreSQL); its tokens are worthless
 *       there even when signed with the key this server trusts.
 * </ol>
 *
 * One filter rather than four of equal priority, so that the order is the one written here.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class TokenChecks implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(TokenChecks.class.getName());

    /** Json.createReader looks the JSON-P provider up on every call; this runs on every request. */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    @Inject
    @ConfigProperties
    AccessSettings settings;

    private volatile Rules rules;

    /** The two configured rules, read once (a class: records in boundary packages are wire types). */
    private static final class Rules {
        private final AudienceRule audience;
        private final String developmentRefusal;

        Rules(AudienceRule audience, String developmentRefusal) {
            this.audience = audience;
            this.developmentRefusal = developmentRefusal;
        }

        AudienceRule audience() {
            return audience;
        }

        String developmentRefusal() {
            return developmentRefusal;
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        var principal = request.getSecurityContext().getUserPrincipal();
        if (principal == null) {
            return;
        }
        if (!(principal instanceof JsonWebToken token)) {
            request.abortWith(refusal(null, "Only a bearer token in the Authorization header is accepted here"));
            return;
        }
        if (!hasGroupsClaim(token)) {
            request.abortWith(
                    refusal("no groups claim", "Token without a groups claim: it was not issued for this service"));
            return;
        }
        var checked = rules();
        if (!checked.audience().accepts(token.getAudience())) {
            request.abortWith(refusal(
                    "audience not accepted",
                    "Token not issued for this service: its audience is none of "
                            + checked.audience().expected()));
            return;
        }
        if (checked.developmentRefusal() != null
                && DevIssuerRule.developmentToken(token.getIssuer(), token.getAudience())) {
            request.abortWith(
                    refusal("development token refused", "Development token refused: " + checked.developmentRefusal()));
        }
    }

    private Rules rules() {
        var read = rules;
        if (read == null) {
            var refusal = settings.devIssuerRule().reasonRefused();
            if (refusal != null) {
                LOG.info(() -> "Development tokens refused: " + refusal);
            }
            read = new Rules(settings.audienceRule(), refusal);
            rules = read;
        }
        return read;
    }

    private static Response refusal(String error, String detail) {
        var challenge =
                error == null ? "Bearer" : "Bearer error=\"invalid_token\", error_description=\"" + error + "\"";
        return Response.status(Response.Status.UNAUTHORIZED)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .entity(Json.createObjectBuilder().add("detail", detail).build().toString())
                .build();
    }

    static boolean hasGroupsClaim(JsonWebToken token) {
        var raw = token.getRawToken();
        var parts = raw == null ? new String[0] : raw.split("\\.");
        if (parts.length < 2) {
            return false;
        }
        try (var reader = READERS.createReader(
                new StringReader(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)))) {
            var groups = reader.readObject().get("groups");
            return groups != null && groups.getValueType() == JsonValue.ValueType.ARRAY;
        } catch (JsonException | IllegalArgumentException e) {
            return false;
        }
    }
}
