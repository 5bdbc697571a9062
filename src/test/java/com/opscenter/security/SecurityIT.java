package com.opscenter.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import com.opscenter.it.Role;
import com.opscenter.it.Server;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * MicroProfile JWT as configured in liberty/server.xml, attacked with tokens forged from the server's own key
 * (so that only the one property under test is wrong).
 */
@ResourceLock(Locks.EMBEDDED)
class SecurityIT {

    /**
     * The server that trusts its own key and its development issuer: the PostgreSQL servers trust neither
     * (itPostgres takes tokens from it.TestIssuer, itPostgres2 from the OpenID Connect provider through
     * JWT_JWKS_URI, as production takes them; OidcProviderIT).
     */
    static final Server SERVER = Server.EMBEDDED;

    static final String PROTECTED = "/api/v1/audit";
    static PrivateKey signingKey;
    static X509Certificate certificate;

    @BeforeAll
    static void loadServerKey() throws Exception {
        var keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(SERVER.keyStore())) {
            keyStore.load(in, "opsCenterDevKeystore".toCharArray());
        }
        signingKey = (PrivateKey) keyStore.getKey("default", "opsCenterDevKeystore".toCharArray());
        certificate = (X509Certificate) keyStore.getCertificate("default");
    }

    static JWTClaimsSet.Builder validClaims() {
        var now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(SERVER.issuer())
                .audience("ops-center")
                .subject("forged-admin")
                .claim("upn", "forged-admin")
                .claim("groups", List.of("admin"))
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now.minusSeconds(30)))
                .expirationTime(Date.from(now.plusSeconds(600)));
    }

    static String rs256(Consumer<JWTClaimsSet.Builder> change) throws Exception {
        var claims = validClaims();
        change.accept(claims);
        var jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims.build());
        jwt.sign(new RSASSASigner(signingKey));
        return jwt.serialize();
    }

    static Api.Response call(String token) {
        return Api.withAuthorization("Bearer " + token, SERVER).get(PROTECTED);
    }

    static void assertUnauthorized(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.json().get("detail").asText()).isNotBlank();
    }

    @Test
    void forgedTokenWithTheServerKeyAndRightClaimsIsAccepted() throws Exception {
        // The control case: without it, every rejection below could be an artefact of the forging.
        assertThat(call(rs256(c -> {})).status()).isEqualTo(200);
    }

    @Test
    void requestWithoutTokenIsUnauthorized() {
        assertUnauthorized(Api.anonymous(SERVER).get(PROTECTED));
    }

    @Test
    void expiredTokenBeyondTheOneMinuteSkewIsUnauthorized() throws Exception {
        var past = Instant.now().minusSeconds(120);
        assertUnauthorized(
                call(rs256(c -> c.issueTime(Date.from(past.minusSeconds(600))).expirationTime(Date.from(past)))));
    }

    @Test
    void tokenExpiredWithinTheSkewIsStillAccepted() throws Exception {
        var justNow = Instant.now().minusSeconds(20);
        assertThat(call(rs256(c -> c.issueTime(Date.from(justNow.minusSeconds(600)))
                                .expirationTime(Date.from(justNow))))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void wrongIssuerIsUnauthorized() throws Exception {
        assertUnauthorized(call(rs256(c -> c.issuer("https://evil.example/issuer"))));
    }

    @Test
    void wrongAudienceIsUnauthorized() throws Exception {
        assertUnauthorized(call(rs256(c -> c.audience("another-service"))));
    }

    @Test
    void unsignedAlgNoneTokenIsUnauthorized() {
        assertUnauthorized(call(new PlainJWT(validClaims().build()).serialize()));
    }

    @Test
    void hs256TokenSignedWithThePublicKeyIsUnauthorized() throws Exception {
        // The classic algorithm confusion attack: the public key used as an HMAC secret.
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), validClaims().build());
        jwt.sign(new MACSigner(certificate.getPublicKey().getEncoded()));
        assertUnauthorized(call(jwt.serialize()));
    }

    @Test
    void tokenWithTamperedPayloadIsUnauthorized() throws Exception {
        var parts = rs256(c -> c.claim("groups", List.of("moderator"))).split("\\.");
        var elevated = Base64URL.encode(validClaims().build().toString()).toString();
        assertUnauthorized(call(parts[0] + "." + elevated + "." + parts[2]));
    }

    @Test
    void tokenWithoutGroupsClaimIsUnauthorized() throws Exception {
        assertUnauthorized(call(rs256(c -> c.claim("groups", null))));
    }

    @Test
    void tokenWithoutExpiryIsUnauthorized() throws Exception {
        // MicroProfile JWT requires exp: a token that never expires would be a key to the server for ever.
        assertUnauthorized(call(rs256(c -> c.expirationTime(null))));
    }

    @Test
    void groupsAsOneStringInsteadOfAnArrayIsUnauthorized() throws Exception {
        // The spec makes groups an array. A string is refused outright (TokenChecks), so it can never be read
        // as more roles than it names, nor split into several ("moderator admin").
        assertUnauthorized(call(rs256(c -> c.claim("groups", "admin"))));
        assertUnauthorized(call(rs256(c -> c.claim("groups", "moderator admin"))));
        assertUnauthorized(call(rs256(c -> c.claim("groups", "moderator,admin"))));
    }

    @Test
    void jkuHeaderPointingElsewhereIsIgnoredAndTheTokenRefused() throws Exception {
        // The attacker's key and a header naming where to fetch it: keys come from configuration only, never
        // from the token. (Nothing listens on port 1, so a server that tried would not find the key either;
        // the refusal is what counts.)
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("attacker").generate();
        var jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .keyID("attacker")
                        .jwkURL(URI.create("http://127.0.0.1:1/jwks"))
                        .build(),
                validClaims().build());
        jwt.sign(new RSASSASigner(attacker));
        assertUnauthorized(call(jwt.serialize()));
        // Also with the public key inlined in the header (jwk): never trusted either.
        var inline = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .jwk(attacker.toPublicJWK())
                        .build(),
                validClaims().build());
        inline.sign(new RSASSASigner(attacker));
        assertUnauthorized(call(inline.serialize()));
    }

    @Test
    void basicAuthWithDevelopmentUserIsUnauthorizedOnTheApi() {
        // The development registry knows admin:admin, but it only feeds the token endpoint: the API takes tokens.
        var basic = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
        var response = Api.withAuthorization(basic, SERVER).get("/api/v1/storage/info");
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
    }

    @Test
    void ltpaCookieWithoutBearerTokenIsUnauthorizedOnTheApi() {
        // A Basic login to the development token endpoint may leave an LtpaToken2 cookie (Liberty's single
        // sign-on); the API must not take it in place of a token. Without one, a junk cookie of that name.
        var basic = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
        var login = Api.get(SERVER.tokenUrl(), "Authorization", basic);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        var cookie = login.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
                .flatMap(e -> e.getValue().stream())
                .filter(c -> c.startsWith("LtpaToken2="))
                .map(c -> c.split(";", 2)[0])
                .findFirst()
                .orElse("LtpaToken2=" + Base64.getEncoder().encodeToString(new byte[64]));
        for (var base : List.of(SERVER.baseUrl(), "https://localhost:" + SERVER.httpsPort())) {
            var response = Api.get(base + "/api/v1/storage/info", "Cookie", cookie, "Accept", "application/json");
            assertThat(response.status())
                    .as(cookie + " at " + base + ": " + response)
                    .isEqualTo(401);
        }
    }

    @Test
    void tokenOnlyInTheQueryStringIsUnauthorized() {
        var token = Api.token(Role.ADMIN, SERVER);
        assertUnauthorized(Api.anonymous(SERVER).get(PROTECTED + "?access_token=" + token));
        assertUnauthorized(Api.anonymous(SERVER).get(PROTECTED + "?token=" + token));
    }

    @Test
    void tokenFromTheDevelopmentIssuerCarriesGroupsUpnIssuerAndAudience() {
        var token = Api.token(Role.MODERATOR, SERVER);
        var payload = Api.read(new String(Base64URL.from(token.split("\\.")[1]).decode()));
        assertThat(payload.get("groups").get(0).asText()).isEqualTo("moderator");
        assertThat(payload.get("upn").asText()).isEqualTo("moderator");
        assertThat(payload.get("iss").asText()).isEqualTo(SERVER.issuer());
        // Its own audience, and the mark by which servers that must not trust it know its tokens.
        assertThat(payload.get("aud").toString()).contains("\"ops-center\"").contains("ops-center-development-issuer");
        var header = Api.read(new String(Base64URL.from(token.split("\\.")[0]).decode()));
        assertThat(header.get("alg").asText()).isEqualTo("RS256");
    }

    @Test
    void deniedRequestsAreAuditedWithActorAndOutcome() {
        Api.as(Role.VIEWER, SERVER).get(PROTECTED);
        var denied = Api.as(Role.ADMIN, SERVER).get("/api/v1/audit?actor=viewer&outcome=denied&limit=1");
        assertThat(denied.status()).isEqualTo(200);
        var entry = denied.json().get("entries").get(0);
        assertThat(entry.get("action").asText()).isEqualTo("GET /audit");
        assertThat(entry.get("outcome").asText()).isEqualTo("denied");
        assertThat(entry.get("client_address").asText()).isNotBlank();
        assertThat(entry.get("details").asText()).contains("403");
    }

    @Test
    void healthStaysOpenWithoutToken() {
        assertThat(Api.anonymous(SERVER).get("/health").status()).isEqualTo(200);
    }
}
