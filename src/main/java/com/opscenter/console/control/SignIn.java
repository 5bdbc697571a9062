package com.opscenter.console.control;

/**
 * How the console signs in on this server, decided once from its configuration: through the development token
 * issuer where this server trusts it, else through the OpenID Connect provider, else not at all (the page then
 * says why instead of showing a form that cannot work).
 *
 * @param oidc the client, only when {@code mode} is {@link Mode#OIDC}
 * @param detail why there is no sign-in, only when {@code mode} is {@link Mode#NONE}; names settings, never values
 */
public record SignIn(Mode mode, OidcClient oidc, String detail) {

    public enum Mode {
        PASSWORD,
        OIDC,
        NONE
    }

    /**
     * @param developmentIssuer whether the development issuer is present and trusted here; it wins, as on the
     *     embedded default, where tokens from an OpenID Connect provider would not be accepted anyway
     */
    public static SignIn decide(boolean developmentIssuer, OidcClient client) {
        if (developmentIssuer) {
            return new SignIn(Mode.PASSWORD, null, null);
        }
        if (client.unset()) {
            return new SignIn(
                    Mode.NONE,
                    null,
                    "No sign-in is configured on this server: set CONSOLE_OIDC_CLIENT_ID,"
                            + " CONSOLE_OIDC_AUTHORIZATION_ENDPOINT and CONSOLE_OIDC_TOKEN_ENDPOINT to the console's"
                            + " client at the OpenID Connect provider");
        }
        var problem = client.problem();
        if (problem != null) {
            return new SignIn(Mode.NONE, null, "The console's OpenID Connect sign-in is misconfigured: " + problem);
        }
        return new SignIn(Mode.OIDC, client, null);
    }
}
