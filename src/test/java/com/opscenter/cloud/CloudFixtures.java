package com.opscenter.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opscenter.it.Api;
import com.opscenter.it.Role;
import com.opscenter.it.S3ProxyServer;
import com.opscenter.it.Server;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Volumes, backups and waiting, on the cloud test servers; and a plain S3 client to look into the bucket. */
final class CloudFixtures {

    static final String BUCKET = "ops-center-it";
    static final String PREFIX = "site-a/";
    static final Duration TIMEOUT = Duration.ofMinutes(3);

    private CloudFixtures() {}

    static Api admin(Server server) {
        return Api.as(Role.ADMIN, server);
    }

    /** A folder volume on the server with files of random (incompressible) bytes. */
    static String volume(Server server, String purpose, int files, int bytesEach) throws IOException {
        var name = "cloud-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        var dir = server.volumesRoot().toAbsolutePath().normalize().resolve(name);
        Files.createDirectories(dir.resolve("data"));
        var random = new Random(name.hashCode());
        for (int i = 0; i < files; i++) {
            var bytes = new byte[bytesEach];
            random.nextBytes(bytes);
            Files.write(dir.resolve("data/file-" + i + ".bin"), bytes);
        }
        Files.writeString(dir.resolve("README.txt"), "volume " + name + "\n");
        return name;
    }

    static String startBackup(Server server, String volume) {
        var response = admin(server)
                .post(
                        "/api/v1/backups/create",
                        "{\"backup_type\":\"manual\",\"include_volumes\":[\"" + volume + "\"]}");
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        return response.json().get("backup_id").asText();
    }

    /** A manual backup of one volume, {@code full} or {@code incremental} (POST create's {@code mode}). */
    static String startBackup(Server server, String volume, String mode) {
        var response = admin(server)
                .post(
                        "/api/v1/backups/create",
                        "{\"backup_type\":\"manual\",\"mode\":\"" + mode + "\",\"include_volumes\":[\"" + volume
                                + "\"]}");
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        return response.json().get("backup_id").asText();
    }

    /** As {@link #uploadedBackup(Server, String)}, in the given mode. */
    static JsonNode uploadedBackup(Server server, String volume, String mode) {
        var id = startBackup(server, volume, mode);
        await(server, id, d -> d.get("status").asText().startsWith("completed"), "completed");
        return await(server, id, d -> cloudState(d).equals("uploaded"), "uploaded");
    }

    /**
     * A comparable picture of a tree: per relative path its type, content hash, link target, permission bits,
     * modification time to the second, and which hard-link group it belongs to (as BackupFixtures.snapshot).
     */
    static Map<String, String> snapshot(Path root) throws IOException {
        return com.opscenter.it.Trees.snapshot(root);
    }

    static JsonNode details(Server server, String id) {
        var response = admin(server).get("/api/v1/backups/" + id);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    static JsonNode await(Server server, String id, Predicate<JsonNode> condition, String what) {
        var deadline = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = details(server, id);
            if (condition.test(last)) {
                return last;
            }
            sleep(100);
        }
        throw new AssertionError("Backup " + id + " never became " + what + "; last: " + last);
    }

    static String cloudState(JsonNode details) {
        return details.get("cloud").get("state").asText();
    }

    /** A completed backup whose cloud copy is uploaded. */
    static JsonNode uploadedBackup(Server server, String volume) {
        var id = startBackup(server, volume);
        await(server, id, d -> d.get("status").asText().startsWith("completed"), "completed");
        return await(server, id, d -> cloudState(d).equals("uploaded"), "uploaded");
    }

    static List<String> cloudIds(Server server) {
        var response = admin(server).get("/api/v1/backups/cloud");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("backups").findValuesAsText("id");
    }

    static S3Client s3() {
        return S3Client.builder()
                .endpointOverride(URI.create(S3ProxyServer.shared().endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    static String sha256(Path file) throws Exception {
        var digest = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            var buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
