package com.opscenter.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token issuer of itPostgres and itCloud (itEmbedded trusts its development issuer, itPostgres2 the OpenID
 * Connect provider, {@link OidcProvider}). The development issuer is never trusted on PostgreSQL,
 * nor on a server open to the network (itCloud, HTTP_HOST=*), so those servers take tokens that name
 * {@link #ISSUER} (their JWT_ISSUER) signed with the server's own key, as an operator's own issuer would sign
 * them. Liberty's JWT builder signs with that same key, yet its tokens are refused there: the application knows
 * them by the builder's marker audience.
 */
public final class TestIssuer {

    public static final String ISSUER = "https://issuer.it.opscenter.test";

    /** The password of the development keystore Liberty creates on first start (KEYSTORE_PASSWORD's default). */
    static final char[] KEYSTORE_PASSWORD = "opsCenterDevKeystore".toCharArray();

    private static final Map<String, PrivateKey> KEYS = new ConcurrentHashMap<>();

    private TestIssuer() {}

    /** A token for a development user's name and group, as the development issuer would give. */
    public static String token(Role role, Server server) {
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
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), claims);
            jwt.sign(new RSASSASigner(KEYS.computeIfAbsent(server.name(), name -> key(server))));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey key(Server server) {
        try (InputStream in = Files.newInputStream(server.keyStore())) {
            var keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, KEYSTORE_PASSWORD);
            return (PrivateKey) keyStore.getKey("default", KEYSTORE_PASSWORD);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the signing key of " + server.name(), e);
        }
    }
}
