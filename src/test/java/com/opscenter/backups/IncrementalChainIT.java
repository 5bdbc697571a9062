package com.opscenter.backups;

import static com.opscenter.backups.BackupFixtures.RESTORE_ROOT;
import static com.opscenter.backups.BackupFixtures.admin;
import static com.opscenter.backups.BackupFixtures.awaitFinished;
import static com.opscenter.backups.BackupFixtures.remember;
import static com.opscenter.backups.BackupFixtures.snapshot;
import static com.opscenter.backups.BackupFixtures.unique;
import static com.opscenter.it.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opscenter.it.Api;
import com.opscenter.it.DockerCli;
import com.opscenter.it.Locks;
import com.opscenter.it.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Issue 16 as a user meets it: a real Docker volume changed step by step (add, modify, delete, rename, file to
 * folder, folder to link, hard link re-pointed, chmod only, touch only), an increment after each step, and every
 * point restored into a folder and compared with the picture of the volume taken at that point. One point also
 * comes back in place. A backup that others build on cannot be deleted.
 */
@ResourceLock(Locks.POSTGRES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IncrementalChainIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    static String volume;
    static Path root;
    /** Backup id to the picture of the volume when it was taken, in the order they were taken. */
    static final Map<String, Map<String, String>> points = new LinkedHashMap<>();

    static final List<String> backups = new ArrayList<>();

    @BeforeAll
    static void aVolumeAFullBackupAndAnIncrementAfterEachChange() throws IOException {
        assertThat(DockerCli.succeeds("info"))
                .as("docker info: a Docker Engine must be running")
                .isTrue();
        volume = docker("volume", "create", "it-" + RUN + "-chain");
        root = DockerCli.mountpoint(volume);
        Files.createDirectories(root.resolve("docs/old"));
        Files.createDirectories(root.resolve("config"));
        var random = new Random(16);
        for (int i = 0; i < 20; i++) {
            var bytes = new byte[20_000 + i * 1000];
            random.nextBytes(bytes);
            Files.write(root.resolve("docs/file-" + i + ".bin"), bytes);
        }
        Files.writeString(root.resolve("docs/old/notes.txt"), "notes\n");
        Files.writeString(root.resolve("config/app.conf"), "port=80\n");
        Files.writeString(root.resolve("becomes-folder"), "a file first\n");
        Files.writeString(root.resolve("shared"), "one inode, two names\n");
        Files.createLink(root.resolve("shared-link"), root.resolve("shared"));
        Files.writeString(root.resolve("mode.sh"), "#!/bin/sh\n");
        Files.writeString(root.resolve("touched"), "same bytes\n");
        // A file changed in the second before its backup started is stored again by the next increment (it may
        // have changed again within the same clock tick); a volume settled for longer is compared as such.
        BackupFixtures.sleep(1500);

        take("full", "full");
        step("add", () -> Files.writeString(root.resolve("docs/added.txt"), "added\n"));
        step("modify", () -> Files.writeString(root.resolve("config/app.conf"), "port=81\n"));
        step("delete", () -> Files.delete(root.resolve("docs/file-3.bin")));
        step("rename", () -> Files.move(root.resolve("docs/file-4.bin"), root.resolve("docs/renamed-4.bin")));
        step("file to folder", () -> {
            Files.delete(root.resolve("becomes-folder"));
            Files.createDirectories(root.resolve("becomes-folder"));
            Files.writeString(root.resolve("becomes-folder/inside.txt"), "now a folder\n");
        });
        step("folder to link", () -> {
            BackupFixtures.deleteTree(root.resolve("docs/old"));
            Files.createSymbolicLink(root.resolve("docs/old"), Path.of("../config"));
        });
        step("hard link re-pointed", () -> {
            Files.writeString(root.resolve("other"), "another inode\n");
            Files.delete(root.resolve("shared-link"));
            Files.createLink(root.resolve("shared-link"), root.resolve("other"));
        });
        step(
                "chmod only",
                () -> Files.setPosixFilePermissions(
                        root.resolve("mode.sh"), PosixFilePermissions.fromString("rwxr-x---")));
        step(
                "touch only",
                () -> Files.setLastModifiedTime(
                        root.resolve("touched"), FileTime.from(Instant.parse("2024-02-29T12:00:00Z"))));
        step("same size, same second", () -> {
            var file = root.resolve("docs/file-7.bin");
            var before = Files.getLastModifiedTime(file);
            var bytes = Files.readAllBytes(file);
            bytes[0] ^= 1;
            Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
            // Only the content differs: size and mtime are what they were, ctime and the content are not.
            Files.setLastModifiedTime(file, before);
        });
        step("nothing", () -> {});
    }

    @AfterAll
    static void removeWhatThisRunCreated() {
        // Newest first: an increment goes before what it builds on.
        for (int i = backups.size() - 1; i >= 0; i--) {
            BackupFixtures.deleteQuietly(backups.get(i));
        }
        DockerCli.succeeds("volume", "rm", "-f", volume);
        BackupFixtures.removeCreatedFolders();
    }

    interface Change {
        void apply() throws IOException;
    }

    static void step(String what, Change change) throws IOException {
        change.apply();
        take(what, "incremental");
    }

    static void take(String what, String mode) throws IOException {
        var body = Api.JSON.createObjectNode();
        body.put("backup_type", "manual");
        body.putArray("include_volumes").add(volume);
        body.put("description", "chain: " + what);
        body.put("mode", mode);
        var response = admin().post("/api/v1/backups/create", body.toString());
        assertThat(response.status()).as(what + ": " + response).isEqualTo(202);
        var details = awaitFinished(response.json().get("backup_id").asText());
        assertThat(details.get("status").asText()).as(what + ": " + details).isEqualTo("completed");
        assertThat(details.get("mode").asText()).as(what + ": " + details).isEqualTo(mode);
        if (mode.equals("incremental")) {
            assertThat(details.get("base_id").asText())
                    .as(what + ": compared with the backup before it")
                    .isEqualTo(backups.get(backups.size() - 1));
        }
        var id = details.get("id").asText();
        backups.add(id);
        points.put(id, snapshot(root));
    }

    @Test
    @Order(1)
    void everyPointRestoresExactlyAsTheVolumeWasThen() throws IOException {
        for (var point : points.entrySet()) {
            var target = remember(RESTORE_ROOT.resolve(unique("chain")));
            var response = whenNotBusy(() -> admin().post(
                            "/api/v1/backups/" + point.getKey() + "/restore",
                            "{\"restore_path\":\"" + target + "\",\"verify_before_restore\":true}"));
            assertThat(response.status()).as(point.getKey() + ": " + response).isEqualTo(200);
            var restored = Path.of(response.json().get("restore_path").asText());
            assertThat(snapshot(restored.resolve("volumes").resolve(volume)))
                    .as(
                            "backup %s (%s)",
                            point.getKey(), details(point.getKey()).get("description"))
                    .isEqualTo(point.getValue());
        }
    }

    @Test
    @Order(2)
    void anUnchangedVolumeCostsAlmostNothing() {
        var full = details(backups.get(0));
        var unchanged = details(backups.get(backups.size() - 1));
        assertThat(unchanged.get("size").asLong())
                .as("the increment of an unchanged volume against the full backup")
                .isLessThan(full.get("size").asLong() / 10);
        var dependsOn = new HashSet<String>();
        unchanged.get("depends_on").forEach(n -> dependsOn.add(n.asText()));
        assertThat(dependsOn)
                .contains(backups.get(0))
                .doesNotContain(unchanged.get("id").asText());
        assertThat(unchanged.get("chain_size_bytes").asLong())
                .isGreaterThan(unchanged.get("size").asLong() + full.get("size").asLong() - 1);
    }

    @Test
    @Order(3)
    void everyIncrementVerifiesWithItsChain() {
        for (var id : backups) {
            var response = whenNotBusy(() -> admin().post("/api/v1/backups/verify/" + id, null));
            assertThat(response.status()).as(id + ": " + response).isEqualTo(200);
            assertThat(response.json().get("valid").asBoolean())
                    .as(id + ": " + response)
                    .isTrue();
        }
    }

    @Test
    @Order(4)
    void contentsShowTheWholeTreeAndWhereEachFileComesFrom() {
        var last = backups.get(backups.size() - 1);
        var response = admin().get("/api/v1/backups/" + last + "/contents");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        Map<String, String> from = new LinkedHashMap<>();
        StreamSupport.stream(response.json().spliterator(), false)
                .forEach(e -> from.put(
                        e.get("path").asText().replaceAll("/$", ""),
                        e.hasNonNull("from") ? e.get("from").asText() : null));
        var prefix = "volumes/" + volume + "/";
        assertThat(from).containsKeys(prefix + "docs/added.txt", prefix + "docs/renamed-4.bin", prefix + "touched");
        assertThat(from).doesNotContainKey(prefix + "docs/file-3.bin");
        assertThat(from.get(prefix + "docs/file-0.bin")).as("never changed").isEqualTo(backups.get(0));
        // Changed in step 2, so held by that increment, or by a later one when it ran within a second of the change.
        assertThat(backups.subList(2, backups.size())).contains(from.get(prefix + "config/app.conf"));
    }

    @Test
    @Order(5)
    void aBackupOthersBuildOnIsNotDeleted() {
        var full = backups.get(0);
        var response = admin().delete("/api/v1/backups/" + full);
        assertThat(response.status()).as(response.toString()).isEqualTo(409);
        assertThat(response.json().get("detail").asText()).contains(backups.get(1), "depend");
        assertThat(details(full).get("status").asText()).isEqualTo("completed");
    }

    @Test
    @Order(6)
    void aPointInTheMiddleComesBackInPlace() throws IOException {
        var middle = backups.get(4);
        var response = whenNotBusy(() -> admin().post(
                        "/api/v1/backups/" + middle + "/restore",
                        "{\"volume\":\"" + volume + "\",\"verify_before_restore\":true}"));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(snapshot(DockerCli.mountpoint(volume))).isEqualTo(points.get(middle));
        // GNU tar reads every archive of the chain.
        for (var id : backups) {
            var archive = BackupFixtures.archiveOf(details(id));
            var listing = Processes.command("tar", "-tf", archive.toString()).run();
            assertThat(listing.exitCode()).as(id + ": " + listing.output()).isZero();
        }
    }

    /**
     * The answer once the server has room: verifications (and restores that verify first) beyond the server's limit
     * answer 429 with Retry-After, and one left by another test class may still be running.
     */
    static Api.Response whenNotBusy(java.util.function.Supplier<Api.Response> call) {
        var deadline = System.nanoTime() + java.time.Duration.ofMinutes(3).toNanos();
        var response = call.get();
        while (response.status() == 429 && System.nanoTime() < deadline) {
            BackupFixtures.sleep(1000);
            response = call.get();
        }
        return response;
    }

    static JsonNode details(String id) {
        return BackupFixtures.details(id);
    }
}
