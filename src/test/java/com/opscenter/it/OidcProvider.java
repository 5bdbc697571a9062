package com.opscenter.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * The OpenID Connect provider the build starts for the tests (itOidcProvider: Liberty's openidConnectServer-1.0,
 * configured in src/test/liberty/itOidcProvider/server.xml). Tokens are asked as a client would: the resource owner
 * password grant at its token endpoint, over HTTPS. itPostgres2 and the production image verify them through its
 * JWKS only.
 */
public final class OidcProvider {

    public static final int HTTP_PORT = Integer.getInteger("it.oidc.http.port", 9085);
    public static final int HTTPS_PORT = Integer.getInteger("it.oidc.https.port", 9448);
    static final Path SERVER_DIR =
            Path.of(System.getProperty("it.oidc.server.dir", "target/liberty/wlp/usr/servers/itOidcProvider"));
    /** The provider's keystore password (server.xml): its signing key is read only to forge tokens. */
    static final char[] KEYSTORE_PASSWORD = "itOidcProviderKeystore".toCharArray();

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .sslContext(Api.trustAll())
            .build();

    /** The provider's OAuth clients; each one's tokens carry its resource id as their audience. */
    public enum Client {
        /** The API's own client: aud is the API's default audience, ops-center. */
        OPS_CENTER("ops-center-cli", "opsCenterCliSecret", "ops-center"),
        /** The production image's client (ProductionImageIT runs the image with JWT_AUDIENCE=ops-center-image). */
        IMAGE("ops-center-image-cli", "opsCenterImageCliSecret", "ops-center-image"),
        /** Another service of the same provider. */
        REPORTING("reporting-cli", "reportingCliSecret", "reporting");

        public final String id;
        final String secret;
        public final String audience;

        Client(String id, String secret, String audience) {
            this.id = id;
            this.secret = secret;
            this.audience = audience;
        }
    }

    /** The provider's people besides the three of {@link Role}: one in no group at all. */
    public static final String OUTSIDER = "outsider";

    private OidcProvider() {}

    /** What the provider writes as iss, and what a server trusting it has as JWT_ISSUER. */
    public static String issuer() {
        return "https://localhost:" + HTTPS_PORT + "/oidc/endpoint/OP";
    }

    /** Its JWKS, over plain HTTP on loopback (the servers would otherwise need its self-signed certificate). */
    public static String jwksUri() {
        return "http://localhost:" + HTTP_PORT + "/oidc/endpoint/OP/jwk";
    }

    public static String tokenEndpoint() {
        return issuer() + "/token";
    }

    /** Where its users log in (a form, login.jsp) and agree to give a client a code. */
    public static String authorizationEndpoint() {
        return issuer() + "/authorize";
    }

    /** The web console's public client (no secret, PKCE required), registered for itPostgres2's console. */
    public static final String CONSOLE_CLIENT_ID = "ops-center-console";

    /** Each user's password at the provider. */
    public static String password(String user) {
        return "oidc-" + user;
    }

    /** An access token for a user of {@link Role}, asked by the API's own client. */
    public static String token(Role role) {
        return token(Client.OPS_CENTER, role.user);
    }

    /** An access token for any of the provider's users (each password is "oidc-" and the name), asked by a client. */
    public static String token(Client client, String user) {
        var form = "grant_type=password&scope=openid&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode("oidc-" + user, StandardCharsets.UTF_8);
        var basic =
                Base64.getEncoder().encodeToString((client.id + ":" + client.secret).getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create(tokenEndpoint()))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            var body = response.body();
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the provider's token endpoint answered " + response.statusCode()
                        + " for " + user + " (client " + client.id + "): " + body);
            }
            return Api.read(body).get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "no token from the OpenID Connect provider at " + tokenEndpoint() + " (is itOidcProvider up?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The claims of a token, unverified: what the provider put in it. */
    public static JWTClaimsSet claims(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new IllegalStateException("not a JWT: " + token, e);
        }
    }

    /**
     * The same token with its claims changed and signed again with a key: the provider's own (so that only the
     * change differs from a real token) or another one. The header keeps the provider's key id.
     */
    public static String resigned(String token, PrivateKey key, Consumer<JWTClaimsSet.Builder> change) {
        try {
            var original = SignedJWT.parse(token);
            var claims = new JWTClaimsSet.Builder(original.getJWTClaimsSet());
            change.accept(claims);
            var header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .keyID(original.getHeader().getKeyID())
                    .build();
            var jwt = new SignedJWT(header, claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The provider's signing key, which Liberty made on its first start (resources/security/key.p12). */
    public static PrivateKey signingKey() {
        try (InputStream in = Files.newInputStream(SERVER_DIR.resolve("resources/security/key.p12"))) {
            var keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, KEYSTORE_PASSWORD);
            return (PrivateKey) keyStore.getKey("default", KEYSTORE_PASSWORD);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the OpenID Connect provider's signing key", e);
        }
    }
}
