package com.opscenter.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The token issuer of every test server but itEmbedded: the development issuer is never trusted on PostgreSQL,
 * nor on a server open to the network, so those servers verify tokens against this key's JWKS
 * (JWT_JWKS_URI=http://127.0.0.1:it.jwks.port/jwks, JWT_ISSUER={@link #ISSUER}), as production does against an
 * OpenID Connect provider. The key is made per test JVM; the servers fetch it when they see the first token.
 */
public final class TestIssuer {

    public static final String ISSUER = "https://issuer.it.opscenter.test";

    private static final RSAKey KEY = generate();
    private static final HttpServer JWKS = serve();

    private TestIssuer() {}

    /** A token for a development user's name and group, as the development issuer would give. */
    public static String token(Role role) {
        var now = Instant.now();
        var claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience("ops-center")
                .subject(role.user)
                .claim("upn", role.user)
                .claim("groups", List.of(role.user))
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .build();
        try {
            var jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(KEY.getKeyID())
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(KEY));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int port() {
        return JWKS.getAddress().getPort();
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyID("it-" + UUID.randomUUID())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer serve() {
        try {
            var server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.getInteger("it.jwks.port", 9581)),
                    16);
            var body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (var out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the test issuer's JWKS", e);
        }
    }
}
