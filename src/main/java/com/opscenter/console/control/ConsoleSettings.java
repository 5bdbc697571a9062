package com.opscenter.console.control;

import jakarta.enterprise.context.Dependent;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The console's OpenID Connect client (CONSOLE_OIDC_*): a public client at the provider that JWT_ISSUER and
 * JWT_JWKS_URI name, registered with PKCE and the console's URL as its redirect URI. It has no secret: the page
 * could not keep one.
 */
@ConfigProperties(prefix = "console.oidc")
@Dependent
public class ConsoleSettings {

    @ConfigProperty(name = "client.id")
    Optional<String> clientId;

    @ConfigProperty(name = "authorization.endpoint")
    Optional<String> authorizationEndpoint;

    @ConfigProperty(name = "token.endpoint")
    Optional<String> tokenEndpoint;

    @ConfigProperty(name = "scope")
    Optional<String> scope;

    public OidcClient client() {
        return new OidcClient(
                authorizationEndpoint.orElse(""), tokenEndpoint.orElse(""), clientId.orElse(""), scope.orElse(""));
    }
}
