package com.opscenter.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import com.opscenter.it.OidcProvider;
import com.opscenter.it.OidcProvider.Client;
import com.opscenter.it.Role;
import com.opscenter.it.Server;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * itPostgres2 configured as production is: tokens from a real OpenID Connect provider (Liberty's, started by the
 * build: it/OidcProvider.java) verified through its JWKS (JWT_JWKS_URI), roles from its groups claim, with no plain
 * HTTP port (HTTPS_ONLY=true) and JWT_AUDIENCE set empty.
 */
@ResourceLock(Locks.POSTGRES)
class OidcProviderIT {

    static final Server SERVER = Server.POSTGRES_2;
    static final String ADMIN_ONLY = "/api/v1/audit";
    static final String READ = "/api/v1/storage/info";

    static Api.Response get(String token, String path) {
        return Api.withAuthorization("Bearer " + token, SERVER).get(path);
    }

    static void assertStatus(Api.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
    }

    @Test
    void theServerRunsWithTheProvidersJwksAnEmptyAudienceAndNoPlainHttpPort() throws IOException {
        // The configuration the tests below rely on, as the server was started with it.
        var env = Files.readAllLines(SERVER.serverDir().resolve("server.env"));
        assertThat(env)
                .contains(
                        "JWT_JWKS_URI=" + OidcProvider.jwksUri(),
                        "JWT_ISSUER=" + OidcProvider.issuer(),
                        "JWT_AUDIENCE=",
                        "HTTPS_ONLY=true",
                        "HTTP_PORT=" + SERVER.httpPort());
    }

    @Test
    void theProvidersAccessTokenIsAnRs256JwtWithGroupsUpnIssuerAndTheClientsResourceIdAsAudience() throws Exception {
        var token = OidcProvider.token(Role.ADMIN);
        var jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.getHeader().getKeyID()).as("kid, which the JWKS names").isNotBlank();
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(OidcProvider.issuer());
        assertThat(claims.getAudience()).containsExactly("ops-center");
        assertThat(claims.getStringListClaim("groups")).containsExactly("admin");
        assertThat(claims.getStringClaim("upn")).isEqualTo("admin");
        assertThat(claims.getExpirationTime()).isAfter(new Date());
    }

    @Test
    void anAdminsTokenFromTheProviderOpensAdminEndpoints() {
        assertStatus(Api.as(Role.ADMIN, SERVER).get(ADMIN_ONLY), 200);
        assertStatus(Api.as(Role.ADMIN, SERVER).get(READ), 200);
    }

    @Test
    void aModeratorsTokenReadsButIsForbiddenAdminEndpoints() {
        assertStatus(Api.as(Role.MODERATOR, SERVER).get(READ), 200);
        assertStatus(Api.as(Role.MODERATOR, SERVER).get(ADMIN_ONLY), 403);
    }

    @Test
    void aUserInAGroupThatIsNoRoleIsForbidden() {
        assertThat(OidcProvider.claims(OidcProvider.token(Role.VIEWER)).getClaim("groups"))
                .isEqualTo(List.of("viewer"));
        assertStatus(Api.as(Role.VIEWER, SERVER).get(READ), 403);
        assertStatus(Api.as(Role.VIEWER, SERVER).get(ADMIN_ONLY), 403);
    }

    @Test
    void aUserInNoGroupGetsATokenWithoutGroupsWhichIsRefused() {
        // Liberty's provider leaves the groups claim out for a user in no group; such a token is refused as
        // unauthenticated (by mpJwt already; TokenChecks would too), not let in with no role.
        var token = OidcProvider.token(Client.OPS_CENTER, OidcProvider.OUTSIDER);
        assertThat(OidcProvider.claims(token).getClaims()).doesNotContainKey("groups");
        var refused = get(token, READ);
        assertStatus(refused, 401);
        assertThat(refused.json().get("detail").asText()).isNotBlank();
    }

    @Test
    void theSameClaimsSignedByAnotherKeyAreRefused() throws Exception {
        var token = OidcProvider.token(Role.ADMIN);
        // The control: signed again with the provider's own key, unchanged, it still opens the endpoint.
        assertStatus(get(OidcProvider.resigned(token, OidcProvider.signingKey(), c -> {}), ADMIN_ONLY), 200);
        // Another key, under the provider's key id: refused.
        var otherKey = new RSAKeyGenerator(2048).generate().toPrivateKey();
        assertStatus(get(OidcProvider.resigned(token, otherKey, c -> {}), ADMIN_ONLY), 401);
    }

    @Test
    void anExpiredTokenOrOneFromAnotherIssuerIsRefused() {
        var token = OidcProvider.token(Role.ADMIN);
        var key = OidcProvider.signingKey();
        var past = Instant.now().minusSeconds(300); // beyond the one minute of clock skew
        assertStatus(
                get(
                        OidcProvider.resigned(
                                token,
                                key,
                                c -> c.issueTime(Date.from(past.minusSeconds(600)))
                                        .expirationTime(Date.from(past))),
                        READ),
                401);
        assertStatus(get(OidcProvider.resigned(token, key, c -> c.issuer("https://elsewhere.example/op")), READ), 401);
    }

    @Test
    void withTheAudienceSetEmptyATokenForAnotherServiceIsRefused() {
        // JWT_AUDIENCE is empty here, so Liberty checks no audience at all; the application then takes only the
        // default, ops-center. A real token of the same provider for another client (aud "reporting") is refused
        // by that check, which names the audience it wanted.
        var token = OidcProvider.token(Client.REPORTING, "admin");
        assertThat(OidcProvider.claims(token).getAudience()).containsExactly("reporting");
        var response = get(token, READ);
        assertStatus(response, 401);
        assertThat(response.json().get("detail").asText()).contains("audience").contains("ops-center");
        // Re-signed without any aud, the same token is refused too.
        var none = OidcProvider.resigned(token, OidcProvider.signingKey(), c -> c.audience((String) null));
        assertStatus(get(none, READ), 401);
    }

    @Test
    void thePlainHttpPortAcceptsNoConnectionAndTheApiAnswersOverHttps() {
        assertThatThrownBy(() -> {
                    try (var socket = new Socket()) {
                        socket.connect(new InetSocketAddress("localhost", SERVER.httpPort()), 5_000);
                    }
                })
                .as("a connection to the HTTP port " + SERVER.httpPort())
                .isInstanceOf(ConnectException.class);
        // (Not /health: it may say DOWN for this server's cloud store, which only some tests start.)
        assertThat(SERVER.baseUrl()).startsWith("https://localhost:" + SERVER.httpsPort());
        assertStatus(Api.anonymous(SERVER).get(READ), 401);
        assertStatus(Api.as(Role.MODERATOR, SERVER).get(READ), 200);
    }
}
