package com.opscenter.it;

import java.nio.file.Path;

/**
 * One of the Liberty servers the build starts for the integration tests (see the liberty-maven-plugin
 * executions in pom.xml). Tests reach them over HTTP only, as a client would.
 */
public record Server(String name, int httpPort, int httpsPort, Path serverDir, Path volumesRoot) {

    /** The embedded defaults, exactly as `mvn liberty:run` starts them, on test ports. */
    public static final Server EMBEDDED = new Server(
            "itEmbedded",
            Integer.getInteger("it.embedded.http.port", 9081),
            Integer.getInteger("it.embedded.https.port", 9444),
            Path.of(System.getProperty("it.embedded.server.dir", "target/liberty/wlp/usr/servers/itEmbedded")),
            Path.of(
                    System.getProperty("it.embedded.server.dir", "target/liberty/wlp/usr/servers/itEmbedded"),
                    "volumes"));

    /** The production shape: PostgreSQL, with folders set through environment variables. */
    public static final Server POSTGRES = new Server(
            "itPostgres",
            Integer.getInteger("it.pg.http.port", 9082),
            Integer.getInteger("it.pg.https.port", 9445),
            Path.of(System.getProperty("it.pg.server.dir", "target/liberty/wlp/usr/servers/itPostgres")),
            Path.of(System.getProperty("it.pg.volumes.root", "target/it-postgres/volumes")));

    /**
     * A second server on the same database and folders as {@link #POSTGRES}, with cloud backup on, on the same
     * bucket and prefix as {@link #CLOUD}: for a cloud server that has never seen CLOUD's backups (disaster
     * recovery), and for one whose key the S3 server rejects. It runs as production would: tokens from the
     * OpenID Connect provider ({@link OidcProvider}), HTTPS only, and JWT_AUDIENCE set empty.
     */
    public static final Server POSTGRES_2 = new Server(
            "itPostgres2",
            Integer.getInteger("it.pg2.http.port", 9083),
            Integer.getInteger("it.pg2.https.port", 9446),
            Path.of(System.getProperty("it.pg2.server.dir", "target/liberty/wlp/usr/servers/itPostgres2")),
            Path.of(System.getProperty("it.pg.volumes.root", "target/it-postgres/volumes")));

    /** Embedded defaults with cloud backup on, against {@link S3ProxyServer#shared()}. */
    public static final Server CLOUD = embedded("itCloud", "it.cloud", 9084, 9447);

    /** Embedded defaults with two cloud targets, each an S3Proxy that CloudTargetsIT runs itself. */
    public static final Server TARGETS = embedded("itTargets", "it.targets", 9086, 9449);

    private static Server embedded(String name, String property, int http, int https) {
        var dir = Path.of(System.getProperty(property + ".server.dir", "target/liberty/wlp/usr/servers/" + name));
        return new Server(
                name,
                Integer.getInteger(property + ".http.port", http),
                Integer.getInteger(property + ".https.port", https),
                dir,
                dir.resolve("volumes"));
    }

    /** Over HTTPS where the server has no plain HTTP port (HTTPS_ONLY=true). */
    public String baseUrl() {
        return httpsOnly() ? "https://localhost:" + httpsPort : "http://localhost:" + httpPort;
    }

    /** itPostgres2 runs with HTTPS_ONLY=true (src/test/liberty/itPostgres2.env): its HTTP port stays closed. */
    public boolean httpsOnly() {
        return name.equals("itPostgres2");
    }

    /**
     * Only itEmbedded (loopback, H2) trusts its development issuer; PostgreSQL servers never do and itCloud listens
     * on every interface (HTTP_HOST=*). itPostgres2 takes tokens from {@link OidcProvider}, the others from
     * {@link TestIssuer}.
     */
    public boolean developmentIssuerTrusted() {
        return name.equals("itEmbedded");
    }

    /** itPostgres2 verifies tokens through the JWKS of {@link OidcProvider} (JWT_JWKS_URI), as production would. */
    public boolean oidcProviderTrusted() {
        return name.equals("itPostgres2");
    }

    public String tokenUrl() {
        return "https://localhost:" + httpsPort + "/jwt/ibm/api/opsCenter/token";
    }

    public String issuer() {
        return "https://localhost:" + httpsPort + "/jwt/ibm/api/opsCenter";
    }

    /** The development signing key Liberty created on first start; tests use it to forge bad tokens. */
    public Path keyStore() {
        return serverDir.resolve("resources/security/key.p12");
    }
}
