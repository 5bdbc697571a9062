package com.opscenter.console.boundary;

/**
 * How the console signs in: {@code password} (the development issuer), {@code oidc} (authorization code with PKCE
 * at {@link #oidc}) or {@code none} (with a {@link #detail}). Nothing else about the server.
 */
public record ConsoleConfig(String signIn, OidcSignIn oidc, String detail) {

    /** A public client: the page has no secret, PKCE stands in for one. */
    public record OidcSignIn(String authorizationEndpoint, String tokenEndpoint, String clientId, String scope) {}
}
