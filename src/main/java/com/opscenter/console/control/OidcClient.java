package com.opscenter.console.control;

import com.opscenter.security.control.DevIssuerRule;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Locale;

/** The console's OpenID Connect client as configured: blank values are unset. */
public record OidcClient(String authorizationEndpoint, String tokenEndpoint, String clientId, String scope) {

    public OidcClient {
        authorizationEndpoint = authorizationEndpoint == null ? "" : authorizationEndpoint.strip();
        tokenEndpoint = tokenEndpoint == null ? "" : tokenEndpoint.strip();
        clientId = clientId == null ? "" : clientId.strip();
        scope = scope == null || scope.isBlank() ? "openid" : scope.strip();
    }

    boolean unset() {
        return authorizationEndpoint.isEmpty() && tokenEndpoint.isEmpty() && clientId.isEmpty();
    }

    /** What keeps this client from being offered to the page, or null when it can be. */
    String problem() {
        var missing = new ArrayList<String>();
        if (clientId.isEmpty()) {
            missing.add("CONSOLE_OIDC_CLIENT_ID");
        }
        if (authorizationEndpoint.isEmpty()) {
            missing.add("CONSOLE_OIDC_AUTHORIZATION_ENDPOINT");
        }
        if (tokenEndpoint.isEmpty()) {
            missing.add("CONSOLE_OIDC_TOKEN_ENDPOINT");
        }
        if (!missing.isEmpty()) {
            return String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " not set";
        }
        if (origin(authorizationEndpoint) == null) {
            return "CONSOLE_OIDC_AUTHORIZATION_ENDPOINT is not an https URL (http only on loopback)";
        }
        if (origin(tokenEndpoint) == null) {
            return "CONSOLE_OIDC_TOKEN_ENDPOINT is not an https URL (http only on loopback)";
        }
        if (!clientId.matches("[\\x21-\\x7e]+") || !scope.matches("[\\x21-\\x7e]+( [\\x21-\\x7e]+)*")) {
            return "CONSOLE_OIDC_CLIENT_ID or CONSOLE_OIDC_SCOPE holds spaces or control characters";
        }
        if (!(" " + scope + " ").contains(" openid ")) {
            return "CONSOLE_OIDC_SCOPE lacks openid";
        }
        return null;
    }

    /**
     * {@code scheme://host[:port]} of an absolute https URL (http only on loopback, where no one can listen in),
     * or null for anything else. Being built from the parsed parts, it cannot carry a quote, space or semicolon
     * into the Content-Security-Policy it is written into.
     */
    static String origin(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return null;
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        var host = uri.getHost();
        if (host == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return null;
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && DevIssuerRule.loopback(host))) {
            return null;
        }
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    public String authorizationOrigin() {
        return origin(authorizationEndpoint);
    }

    public String tokenOrigin() {
        return origin(tokenEndpoint);
    }
}
