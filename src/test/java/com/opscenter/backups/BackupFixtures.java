package com.opscenter.backups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.opscenter.archive.io.DurableFiles;
import com.opscenter.it.Api;
import com.opscenter.it.Role;
import com.opscenter.it.Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What the backup integration tests share: the PostgreSQL server's folders, uniquely named directory volumes,
 * starting and waiting for backups, raw downloads, tree snapshots and direct database access.
 */
final class BackupFixtures {

    static final Server SERVER = Server.POSTGRES;
    static final Path BUILD = Path.of(System.getProperty("it.build.dir", "target"))
            .toAbsolutePath()
            .normalize();
    /** BACKUP_LOCATION and RESTORE_ROOT of the itPostgres execution in pom.xml. */
    static final Path BACKUP_DIR = BUILD.resolve("it-postgres/backups");

    static final Path RESTORE_ROOT = BUILD.resolve("it-postgres/restores");
    static final Duration BACKUP_TIMEOUT = Duration.ofMinutes(10);

    private static final HttpClient RAW =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Collection<Path> CREATED = new ConcurrentLinkedQueue<>();

    private BackupFixtures() {}

    static Api admin() {
        return Api.as(Role.ADMIN, SERVER);
    }

    static Api moderator() {
        return Api.as(Role.MODERATOR, SERVER);
    }

    static Api viewer() {
        return Api.as(Role.VIEWER, SERVER);
    }

    static String unique(String purpose) {
        return "itbk-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new, empty directory volume with a name no other test uses. */
    static Volume newVolume(String purpose) {
        var name = unique(purpose);
        var path = SERVER.volumesRoot().toAbsolutePath().normalize().resolve(name);
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CREATED.add(path);
        return new Volume(name, path);
    }

    /** A volume holding a few small files. */
    static Volume smallVolume(String purpose) throws IOException {
        var volume = newVolume(purpose);
        Files.writeString(volume.path().resolve("hello.txt"), "hello " + volume.name() + "\n");
        Files.createDirectories(volume.path().resolve("sub/deeper"));
        Files.writeString(volume.path().resolve("sub/deeper/data.csv"), "a,b,c\n1,2,3\n");
        return volume;
    }

    /** Incompressible content, so that the slow codec really takes its time. */
    static void fillRandom(Path dir, int files, int bytesEach) throws IOException {
        var random = new Random(dir.hashCode());
        var buffer = new byte[bytesEach];
        for (int i = 0; i < files; i++) {
            random.nextBytes(buffer);
            Files.write(dir.resolve(String.format("random-%03d.bin", i)), buffer);
        }
    }

    /** Removes every folder the fixtures created (volumes, restore targets), best effort. */
    static void removeCreatedFolders() {
        for (var path : CREATED) {
            deleteTree(path);
        }
        CREATED.clear();
    }

    static Path remember(Path path) {
        CREATED.add(path);
        return path;
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            DurableFiles.deleteRecursively(root);
        } catch (IOException e) {
            System.err.println("Could not remove " + root + ": " + e);
        }
    }

    // --- backups over the API ---

    static String createBody(List<String> volumes, String description) {
        var body = Api.JSON.createObjectNode();
        body.put("backup_type", "manual");
        var list = body.putArray("include_volumes");
        volumes.forEach(list::add);
        body.put("description", description);
        return body.toString();
    }

    static Api.Response startBackup(String... volumes) {
        return admin().post("/api/v1/backups/create", createBody(List.of(volumes), "integration test"));
    }

    /** Starts a backup of the given volumes and answers its id. */
    static String createBackup(String... volumes) {
        var response = startBackup(volumes);
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        return response.json().get("backup_id").asText();
    }

    /** Creates a backup and waits until it is completed. */
    static JsonNode completedBackup(String... volumes) {
        var details = awaitFinished(createBackup(volumes));
        assertThat(details.get("status").asText()).as(details.toString()).isEqualTo("completed");
        return details;
    }

    static JsonNode details(String id) {
        var response = admin().get("/api/v1/backups/" + id);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /** Polls {@code GET /backups/{id}} until the backup is no longer running. */
    static JsonNode awaitFinished(String id) {
        return awaitFinished(id, BACKUP_TIMEOUT);
    }

    static JsonNode awaitFinished(String id, Duration timeout) {
        return await(id, timeout, d -> !d.get("status").asText().equals("running"), "to finish");
    }

    /** Polls until the backup is running and has archived some bytes. */
    static JsonNode awaitRunningWithProgress(String id) {
        var details = await(
                id,
                Duration.ofMinutes(3),
                d -> !d.get("status").asText().equals("running")
                        || d.at("/progress/bytes_done").asLong() > 0,
                "to report progress");
        assertThat(details.get("status").asText())
                .as("still running: " + details)
                .isEqualTo("running");
        return details;
    }

    private static JsonNode await(String id, Duration timeout, Predicate<JsonNode> done, String what) {
        var deadline = Instant.now().plus(timeout);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = details(id);
            if (done.test(last)) {
                return last;
            }
            sleep(250);
        }
        return fail("Backup " + id + " did not manage " + what + " within " + timeout + "; last seen: " + last);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path archiveOf(JsonNode details) {
        return backupLocation().resolve(details.get("archive_file").asText());
    }

    static Path backupLocation() {
        return Path.of(admin().get("/api/v1/backups/config")
                .json()
                .get("backup_location")
                .asText());
    }

    /** Deletes a backup if it still exists; used to tidy up, so it does not assert. */
    static void deleteQuietly(String id) {
        if (id != null) {
            try {
                admin().delete("/api/v1/backups/" + id);
            } catch (RuntimeException e) {
                System.err.println("Could not delete " + id + ": " + e);
            }
        }
    }

    // --- configuration ---

    static JsonNode config() {
        var response = admin().get("/api/v1/backups/config");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    static JsonNode putConfig(String json) {
        var response = admin().put("/api/v1/backups/config", json);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /** xz at its highest level runs at about 1 MB/s on random data: slow enough to catch a backup running. */
    /** xz at its default level: on incompressible data as slow as level 9, in the heap the servers ship with. */
    static void useSlowCodec() {
        putConfig("{\"compression\":\"xz\",\"compression_level\":6}");
    }

    static void useDefaultCodec() {
        putConfig("{\"compression\":\"gzip\",\"compression_level\":6}");
    }

    /** A volume of incompressible data that the slow codec needs a good while for. */
    static Volume slowVolume() throws IOException {
        var volume = newVolume("slow");
        fillRandom(volume.path(), 24, 1 << 20);
        return volume;
    }

    // --- raw HTTP, for binary bodies ---

    static HttpResponse<byte[]> download(String id, String range) {
        var builder = HttpRequest.newBuilder(URI.create(SERVER.baseUrl() + "/api/v1/backups/" + id + "/download"))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + Api.token(Role.ADMIN, SERVER))
                .GET();
        if (range != null) {
            builder.header("Range", range);
        }
        try {
            return RAW.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- files ---

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    static String sha256(Path file) throws IOException {
        var md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            var buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every path below {@code root} (relative, sorted), so that "nothing was written" can be asserted. */
    static List<String> listing(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    /**
     * A comparable picture of a tree: per relative path its type, content hash, link target, permission bits,
     * modification time to the second, and which hard-link group it belongs to.
     */
    static Map<String, String> snapshot(Path root) throws IOException {
        return com.opscenter.it.Trees.snapshot(root);
    }

    // --- database ---

    static Connection database() throws SQLException {
        var url = "jdbc:postgresql://" + System.getProperty("it.db.host", "localhost") + ":"
                + System.getProperty("it.db.port", "5432") + "/" + System.getProperty("it.db.name", "opscenter_it");
        return DriverManager.getConnection(
                url, System.getProperty("it.db.user", "opscenter"), System.getProperty("it.db.password", "opscenter"));
    }

    record Volume(String name, Path path) {}
}
