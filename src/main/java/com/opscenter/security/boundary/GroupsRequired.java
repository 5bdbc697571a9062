package com.opscenter.security.boundary;

import jakarta.annotation.Priority;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReaderFactory;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A token without a {@code groups} claim was not issued for this service: it is refused as unauthenticated,
 * rather than let in with no roles. The raw token is read because the runtime reports a missing claim as an
 * empty set of groups.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class GroupsRequired implements ContainerRequestFilter {

    /** Json.createReader looks the JSON-P provider up on every call; this runs on every request. */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken token && !hasGroupsClaim(token)) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(
                            HttpHeaders.WWW_AUTHENTICATE,
                            "Bearer error=\"invalid_token\", error_description=\"no groups claim\"")
                    .build());
        }
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
            return groups != null && groups.getValueType() == jakarta.json.JsonValue.ValueType.ARRAY;
        } catch (JsonException | IllegalArgumentException e) {
            return false;
        }
    }
}
