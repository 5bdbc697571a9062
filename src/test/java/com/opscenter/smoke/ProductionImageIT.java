package com.opscenter.smoke;

import static com.opscenter.it.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.opscenter.it.Api;
import com.opscenter.it.DockerCli;
import com.opscenter.it.Locks;
import com.opscenter.it.OidcProvider;
import com.opscenter.it.OidcProvider.Client;
import com.opscenter.it.Processes;
import com.opscenter.it.Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The production image (Dockerfile), built on the local stand-in for the official Open Liberty base
 * (src/test/image/build-base, which .ci/run calls first) and run as a user would: on PostgreSQL, with the Docker
 * socket and the host's volumes mounted, named volumes for /backups and /restores, and tokens from an external
 * OpenID Connect provider, the one the build starts (it/OidcProvider.java; the container shares the host's network,
 * so it reaches the provider's JWKS on loopback). It needs root (it writes into a volume's mount
 * point, as DockerVolumeBackupIT does) and the database opscenter_image, which .ci/run creates.
 */
@Order(2) // Long (an image build and a server start) but light on the shared servers: start it early.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ResourceLock(Locks.DOCKER_IMAGES)
class ProductionImageIT {

    static final String BASE_IMAGE = "ops-center/liberty-base:local";
    static final String IMAGE = "opscenter-it/storage-backup:latest";
    static final String IMAGE_LABEL = "ops-center.it=production-image";
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String CONTAINER = "it-image-" + RUN;
    static final String DATABASE = "opscenter_image";
    /** The provider's client for the image: its tokens carry this audience, the image's JWT_AUDIENCE. */
    static final Client CLIENT = Client.IMAGE;

    static final Path PROJECT = Path.of(System.getProperty("it.build.dir", "target"))
            .toAbsolutePath()
            .normalize()
            .getParent();
    static final HttpClient HTTPS = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .sslContext(Api.trustAll())
            .build();

    static final List<String> volumes = new ArrayList<>();
    static String adminToken;
    static Server server;
    static String data;
    static String backups;
    static String restores;
    static Map<String, String> dataTree;

    @BeforeAll
    @Timeout(value = 20, unit = TimeUnit.MINUTES) // an image build on vfs storage, then a server start
    static void buildAndStartTheImage() throws Exception {
        assertThat(DockerCli.succeeds("info"))
                .as("docker info: a Docker Engine must be running")
                .isTrue();
        assertThat(DockerCli.succeeds("image", "inspect", BASE_IMAGE))
                .as(BASE_IMAGE + " is missing: build it with src/test/image/build-base (.ci/run does)")
                .isTrue();
        assertThat(PROJECT.resolve("target/storage-backup.war"))
                .as("the WAR (mvn package)")
                .isRegularFile();
        assertThat(PROJECT.resolve("target/jdbc/postgresql.jar"))
                .as("the JDBC drivers (mvn package)")
                .isRegularFile();
        assertDatabaseExists();

        var build = Processes.command(
                        "docker",
                        "build",
                        "--build-arg",
                        "BASE_IMAGE=" + BASE_IMAGE,
                        "--label",
                        IMAGE_LABEL,
                        "-t",
                        IMAGE,
                        PROJECT.toString())
                .timeout(Duration.ofMinutes(12))
                .run();
        assertThat(build.exitCode()).as("docker build:\n" + build.output()).isZero();
        // Earlier builds of this image, untagged by this one, would fill the disk (vfs copies every layer).
        DockerCli.succeeds("image", "prune", "-f", "--filter", "label=" + IMAGE_LABEL);

        adminToken = OidcProvider.token(CLIENT, "admin");

        data = volume("data");
        var root = DockerCli.mountpoint(data);
        Files.createDirectories(root.resolve("db/tables"));
        Files.writeString(root.resolve("hello.txt"), "hello from the image test\n");
        Files.write(root.resolve("db/tables/t1.bin"), bytes(200_000));
        Files.createSymbolicLink(root.resolve("link-to-hello"), Path.of("hello.txt"));
        dataTree = tree(root);
        // Owned by root and private: the server's user may not read it (README, "Deploy").
        var rootOnly = Files.writeString(root.resolve("root-only.key"), "s3cr3t\n");
        Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rw-------"));
        backups = volume("backups");
        restores = volume("restores");

        server = new Server(CONTAINER, freePort(), freePort(), null, null);
        var socketGroup =
                Files.getAttribute(Path.of("/var/run/docker.sock"), "unix:gid").toString();
        var run = new ArrayList<>(List.of("run", "-d", "--name", CONTAINER, "--network", "host"));
        run.addAll(List.of("--group-add", socketGroup()));
        run.addAll(List.of("-v", "/var/run/docker.sock:/var/run/docker.sock"));
        run.addAll(List.of("-v", "/var/lib/docker/volumes:/var/lib/docker/volumes:ro"));
        // Empty named volumes take the image's folders with their owner (1001) and mode on first mount.
        run.addAll(List.of("-v", backups + ":/backups", "-v", restores + ":/restores"));
        for (var env : Map.of(
                        "HTTP_PORT", server.httpPort(),
                        "HTTPS_PORT", server.httpsPort(),
                        "DB_HOST", System.getProperty("it.db.host", "localhost"),
                        "DB_PORT", System.getProperty("it.db.port", "5432"),
                        "DB_NAME", DATABASE,
                        "DB_USER", System.getProperty("it.db.user", "opscenter"),
                        "DB_PASSWORD", System.getProperty("it.db.password", "opscenter"),
                        "JWT_JWKS_URI", OidcProvider.jwksUri(),
                        "JWT_ISSUER", OidcProvider.issuer(),
                        "JWT_AUDIENCE", CLIENT.audience)
                .entrySet()) {
            run.addAll(List.of("-e", env.getKey() + "=" + env.getValue()));
        }
        run.add(IMAGE);
        docker(run.toArray(String[]::new));
        awaitHealthy();
    }

    @AfterAll
    static void removeWhatThisRunCreated() {
        if (server != null) {
            System.out.println("ProductionImageIT: container log\n" + logs());
        }
        DockerCli.succeeds("rm", "-f", CONTAINER);
        volumes.forEach(name -> DockerCli.succeeds("volume", "rm", "-f", name));
    }

    @Test
    @Order(1)
    void healthIsUpWithTheDatabaseTheBackupFolderAndDocker() {
        var response = Api.anonymous(server).get("/health");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("status").asText()).isEqualTo("UP");
        assertThat(response.body()).contains("\"database\"", "\"backup-location\"", "\"docker\"");
    }

    @Test
    @Order(2)
    void theServerRunsAsUser1001WithTheSocketGroupNotAsRoot() throws IOException {
        // docker top runs ps on the host: per process its pid, numeric uid and command name.
        var processes = docker("top", CONTAINER, "-o", "pid,uid,comm")
                .lines()
                .skip(1)
                .map(line -> line.strip().split("\\s+"))
                .toList();
        assertThat(processes).as("processes of the container").anyMatch(p -> p[2].equals("java"));
        assertThat(processes)
                .as("no process of the container runs as root")
                .allSatisfy(p -> assertThat(p[1]).isEqualTo("1001"));
        var java =
                processes.stream().filter(p -> p[2].equals("java")).findFirst().orElseThrow();
        var groups = Files.readAllLines(Path.of("/proc", java[0], "status")).stream()
                .filter(line -> line.startsWith("Groups:"))
                .findFirst()
                .orElseThrow();
        assertThat(groups.substring("Groups:".length()).strip().split("\\s+"))
                .as("the server's groups")
                .contains(socketGroup());
    }

    @Test
    @Order(3)
    void theKeystorePasswordWasGeneratedAndKeptForTheServerUserOnly() {
        var kept = docker(
                "exec",
                CONTAINER,
                "stat",
                "-c",
                "%a %u",
                "/output/resources/security/keystore.password",
                "/output/resources/security/key.p12");
        assertThat(kept.lines()).first().isEqualTo("600 1001");
        var password = docker("exec", CONTAINER, "cat", "/output/resources/security/keystore.password");
        assertThat(password).hasSizeGreaterThanOrEqualTo(40).isNotEqualTo("opsCenterDevKeystore");
        assertThat(logs()).contains("generated a keystore password").doesNotContain(password);
    }

    @Test
    @Order(4)
    void thereIsNoDevelopmentIssuer() throws Exception {
        var basic = Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create(server.tokenUrl()))
                .header("Authorization", "Basic " + basic)
                .timeout(Duration.ofSeconds(30))
                .build();
        var response = HTTPS.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
        assertThat(docker("exec", CONTAINER, "ls", "/config")).doesNotContain("dev-token-issuer");
    }

    @Test
    @Order(5)
    void onlyTokensSignedWithTheExternalIssuersKeyAreAccepted() throws Exception {
        // The provider's token: the image can check its signature only with the key from the provider's JWKS.
        assertThat(admin().get("/api/v1/storage/info").status()).isEqualTo(200);

        var otherKey = new RSAKeyGenerator(2048).generate().toPrivateKey();
        assertThat(withToken(OidcProvider.resigned(adminToken, otherKey, c -> {}))
                        .get("/api/v1/storage/info")
                        .status())
                .as("the same claims signed by another key, under the provider's key id")
                .isEqualTo(401);
        var otherIssuer =
                OidcProvider.resigned(adminToken, OidcProvider.signingKey(), c -> c.issuer("https://elsewhere.test"));
        assertThat(withToken(otherIssuer).get("/api/v1/storage/info").status()).isEqualTo(401);
        // A real token of the same provider for the API's default audience (ops-center) is not for this image,
        // whose JWT_AUDIENCE is ops-center-image.
        var forDefaultAudience = OidcProvider.token(Client.OPS_CENTER, "admin");
        assertThat(withToken(forDefaultAudience).get("/api/v1/storage/info").status())
                .isEqualTo(401);
    }

    @Test
    @Order(6)
    void aBackupOfTheMountedVolumeRestoresEveryFileTheServersUserMayRead() throws IOException {
        var body = Api.JSON.createObjectNode();
        body.put("backup_type", "manual");
        body.putArray("include_volumes").add(data);
        body.put("description", "production image test");
        var started = admin().post("/api/v1/backups/create", body.toString());
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        var id = started.json().get("backup_id").asText();

        var finished = awaitFinished(id);
        assertThat(finished.get("status").asText()).as(finished.toString()).isEqualTo("completed_with_warnings");
        assertThat(finished.get("warnings"))
                .as("what user 1001 may not read is named, not silently left out")
                .hasSize(1);
        assertThat(finished.get("warnings").get(0).asText()).contains("root-only.key");
        assertThat(DockerCli.mountpoint(backups).resolve(id + ".json")).isRegularFile();

        var restore = admin().post("/api/v1/backups/" + id + "/restore", "{\"verify_before_restore\":true}");
        assertThat(restore.status()).as(restore.toString()).isEqualTo(200);
        var restorePath = restore.json().get("restore_path").asText();
        assertThat(restorePath).startsWith("/restores/");
        var restored = DockerCli.mountpoint(restores)
                .resolve(restorePath.substring("/restores/".length()))
                .resolve("volumes")
                .resolve(data);
        assertThat(tree(restored)).isEqualTo(dataTree);
    }

    // --- helpers ---

    /** An admin of the provider, through the image's client. */
    static Api admin() {
        return withToken(adminToken);
    }

    static Api withToken(String token) {
        return Api.withAuthorization("Bearer " + token, server);
    }

    static JsonNode awaitFinished(String id) {
        var deadline = Instant.now().plus(Duration.ofMinutes(3));
        JsonNode details = null;
        while (Instant.now().isBefore(deadline)) {
            var response = admin().get("/api/v1/backups/" + id);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            details = response.json();
            if (!details.get("status").asText().equals("running")) {
                return details;
            }
            pause(Duration.ofMillis(250));
        }
        throw new AssertionError("backup " + id + " still running after 3 minutes: " + details);
    }

    @Test
    @Order(7)
    void withoutATokenIssuerTheImageRefusesToStartAndSaysWhatToSet() {
        var run = Processes.command(
                        "docker", "run", "--rm", "--network", "none", "-e", "JWT_AUDIENCE=" + CLIENT.audience, IMAGE)
                .timeout(Duration.ofMinutes(2))
                .run();

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output())
                .as("it stops before the server starts, naming what is missing")
                .contains("no token issuer is configured")
                .contains("JWT_ISSUER")
                .contains("JWT_JWKS_URI")
                .doesNotContain("CWWKF0011I"); // "The server ... is ready": it never got that far
    }

    /** Waits until the server answers /health with 200; a container that stops fails at once with its log. */
    static void awaitHealthy() {
        var deadline = Instant.now().plus(Duration.ofMinutes(6));
        var last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            var state = docker("inspect", "-f", "{{.State.Status}}", CONTAINER);
            if (!state.equals("running")) {
                throw new AssertionError("the container stopped (" + state + "); its log:\n" + logs());
            }
            try {
                var response = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health"))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            pause(Duration.ofSeconds(1));
        }
        throw new AssertionError("not healthy after 6 minutes (last: " + last + "); its log:\n" + logs());
    }

    static String socketGroup() {
        try {
            return Files.getAttribute(Path.of("/var/run/docker.sock"), "unix:gid")
                    .toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String logs() {
        return Processes.run("docker", "logs", "--tail", "200", CONTAINER).output();
    }

    static void assertDatabaseExists() {
        var url = "jdbc:postgresql://" + System.getProperty("it.db.host", "localhost") + ":"
                + System.getProperty("it.db.port", "5432") + "/" + DATABASE;
        try (var connection = DriverManager.getConnection(
                url,
                System.getProperty("it.db.user", "opscenter"),
                System.getProperty("it.db.password", "opscenter"))) {
            assertThat(connection.isValid(5)).isTrue();
        } catch (SQLException e) {
            throw new AssertionError(
                    "the database " + DATABASE + " must exist, owned by the test role (.ci/run creates it): " + e, e);
        }
    }

    static String volume(String purpose) {
        var created = docker("volume", "create", CONTAINER + "-" + purpose);
        volumes.add(created);
        return created;
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static byte[] bytes(int size) {
        var bytes = new byte[size];
        new java.util.Random(12).nextBytes(bytes);
        return bytes;
    }

    /** Relative path to content (files), link target (links) or "dir": what a restore must give back. */
    static Map<String, String> tree(Path root) throws IOException {
        var tree = new TreeMap<String, String>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (var path : paths.filter(p -> !p.equals(root)).toList()) {
                var name = root.relativize(path).toString();
                if (Files.isSymbolicLink(path)) {
                    tree.put(name, "-> " + Files.readSymbolicLink(path));
                } else if (Files.isDirectory(path)) {
                    tree.put(name, "dir");
                } else {
                    tree.put(name, Base64.getEncoder().encodeToString(Files.readAllBytes(path)));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return tree;
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
