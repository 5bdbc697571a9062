package com.opscenter.console.boundary;

import com.opscenter.console.control.ConsoleSignIn;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the console asks before anyone has signed in: how to sign in. No token, since without this answer the page
 * could not get one; it says nothing a stranger could not learn by opening the page and following the sign-in.
 */
@Path("console/config")
@Tag(name = "console", description = "How the web console signs in; no token needed")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@RequestScoped
public class ConsoleConfigResource {

    @Inject
    ConsoleSignIn signIn;

    @GET
    @Operation(summary = "How the web console signs in: password (development issuer), oidc, or none and why")
    public ConsoleConfig config() {
        var decided = signIn.signIn();
        var client = decided.oidc();
        return new ConsoleConfig(
                decided.mode().name().toLowerCase(Locale.ROOT),
                client == null
                        ? null
                        : new ConsoleConfig.OidcSignIn(
                                client.authorizationEndpoint(),
                                client.tokenEndpoint(),
                                client.clientId(),
                                client.scope()),
                decided.detail());
    }
}
