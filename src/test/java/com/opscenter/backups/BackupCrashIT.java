package com.opscenter.backups;

import static com.opscenter.backups.BackupFixtures.SERVER;
import static com.opscenter.backups.BackupFixtures.admin;
import static com.opscenter.backups.BackupFixtures.archiveOf;
import static com.opscenter.backups.BackupFixtures.awaitFinished;
import static com.opscenter.backups.BackupFixtures.awaitRunningWithProgress;
import static com.opscenter.backups.BackupFixtures.backupLocation;
import static com.opscenter.backups.BackupFixtures.completedBackup;
import static com.opscenter.backups.BackupFixtures.createBackup;
import static com.opscenter.backups.BackupFixtures.newVolume;
import static com.opscenter.backups.BackupFixtures.remember;
import static com.opscenter.backups.BackupFixtures.slowVolume;
import static com.opscenter.backups.BackupFixtures.smallVolume;
import static com.opscenter.backups.BackupFixtures.snapshot;
import static com.opscenter.backups.BackupFixtures.useDefaultCodec;
import static com.opscenter.backups.BackupFixtures.useSlowCodec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import com.opscenter.it.Processes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * kill -9 of the PostgreSQL server in the middle of a backup, then a cold start: the interrupted backup is failed
 * and its temporary files are gone, earlier backups still verify and restore, and the catalog picks up archives
 * that only the backup folder knows about.
 */
@ResourceLock(Locks.POSTGRES)
class BackupCrashIT {

    static final Path LIBERTY = BackupFixtures.BUILD.resolve("liberty/wlp");
    static final List<String> created = new ArrayList<>();

    @AfterAll
    static void tidyUp() {
        created.forEach(BackupFixtures::deleteQuietly);
        BackupFixtures.removeCreatedFolders();
    }

    @Test
    void killDuringBackupFailsItAsInterruptedAndEarlierBackupsStillVerifyAndRestore() throws Exception {
        useDefaultCodec();
        var earlierVolume = smallVolume("before-crash");
        var earlierTree = snapshot(earlierVolume.path());
        var earlier = completedBackup(earlierVolume.name());
        var earlierId = earlier.get("id").asText();
        created.add(earlierId);
        var location = backupLocation();
        // An archive the catalog has never seen: a copy of the earlier one under a new id, as if restored from tape.
        var copyId = "backup-19991231-235959-" + ThreadLocalRandom.current().nextInt(2, 999_999);
        created.add(copyId);
        copyUnderNewId(location, earlier, copyId);

        var slow = slowVolume();
        String slowId;
        BackupFixtures.Volume interruptedRestore = null;
        Path staleDownload = null;
        Map<String, String> environment = Map.of();
        try {
            useSlowCodec();
            slowId = createBackup(slow.name());
            created.add(slowId);
            awaitRunningWithProgress(slowId);
            assertThat(location.resolve(slowId + ".tmp"))
                    .as("the archive is being written")
                    .exists();

            environment = serverEnvironment(libertyProcess());
            killServer();
            // An in-place restore killed between its two renames, and a download killed half-way: the kill cannot
            // be aimed at that microsecond, so the folders are laid out as they are left then.
            interruptedRestore = interruptedRestoreOf(newVolume("restored"));
            staleDownload = location.resolve("backup-19991230-235959.download.tmp");
            Files.writeString(staleDownload, "half a download");
            Files.setLastModifiedTime(staleDownload, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        } finally {
            ensureServerRunning(environment);
            useDefaultCodec();
        }

        var interrupted = BackupFixtures.details(slowId);
        assertThat(interrupted.get("status").asText())
                .as(interrupted.toString())
                .isEqualTo("failed");
        assertThat(interrupted.get("error").asText()).contains("Interrupted");
        assertThat(location.resolve(slowId + ".tmp")).doesNotExist();
        assertThat(location.resolve(slowId + ".manifest.tmp")).doesNotExist();
        assertThat(location.resolve(slowId + ".json")).doesNotExist();
        try (var files = Files.list(location)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith(slowId));
        }

        assertThat(Files.readString(interruptedRestore.path().resolve("kept.txt")))
                .as("the volume as it was before the interrupted restore")
                .isEqualTo("before the restore");
        var leftoverPrefix = "." + interruptedRestore.name() + ".restore-";
        try (var files = Files.list(interruptedRestore.path().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith(leftoverPrefix));
        }
        assertThat(staleDownload).doesNotExist();

        var verify = admin().post("/api/v1/backups/verify/" + earlierId, null);
        assertThat(verify.status()).as(verify.toString()).isEqualTo(200);
        assertThat(verify.json().get("valid").asBoolean()).as(verify.toString()).isTrue();
        var restore = admin().post("/api/v1/backups/" + earlierId + "/restore", "{\"verify_before_restore\":true}");
        assertThat(restore.status()).as(restore.toString()).isEqualTo(200);
        var restored = remember(Path.of(restore.json().get("restore_path").asText()));
        assertThat(snapshot(restored.resolve("volumes").resolve(earlierVolume.name())))
                .isEqualTo(earlierTree);

        var list = admin().get("/api/v1/backups").json().get("backups");
        var rebuilt = StreamSupport.stream(list.spliterator(), false)
                .filter(b -> b.get("id").asText().equals(copyId))
                .findFirst()
                .orElseThrow(() -> new AssertionError(copyId + " was not catalogued at start-up: " + list));
        assertThat(rebuilt.get("status").asText()).isEqualTo("completed");
        assertThat(rebuilt.get("size").asLong()).isEqualTo(earlier.get("size").asLong());
        assertThat(rebuilt.get("files_count").asLong())
                .isEqualTo(earlier.get("files_count").asLong());
        var rebuiltDetails = BackupFixtures.details(copyId);
        assertThat(rebuiltDetails.get("sha256").asText())
                .isEqualTo(earlier.get("sha256").asText());
        assertThat(rebuiltDetails.get("archive_file").asText()).isEqualTo(copyId + ".tar.gz");

        // Nothing is left holding the volume: a new backup of it runs to completion.
        var again = awaitFinished(createBackup(slow.name()));
        created.add(again.get("id").asText());
        assertThat(again.get("status").asText()).as(again.toString()).isEqualTo("completed");
    }

    /** The volume renamed to {@code .<name>.restore-old-*}, a staged tree beside it, and no volume folder. */
    static BackupFixtures.Volume interruptedRestoreOf(BackupFixtures.Volume volume) throws IOException {
        Files.writeString(volume.path().resolve("kept.txt"), "before the restore");
        var parent = volume.path().getParent();
        Files.move(volume.path(), parent.resolve("." + volume.name() + ".restore-old-123456789"));
        var staging = Files.createDirectories(parent.resolve("." + volume.name() + ".restore-tmp-987654321"));
        Files.writeString(staging.resolve("kept.txt"), "half restored");
        return volume;
    }

    static void copyUnderNewId(Path location, JsonNode original, String newId) throws IOException {
        var originalId = original.get("id").asText();
        var sidecar = (ObjectNode) Api.JSON.readTree(Files.readString(location.resolve(originalId + ".json")));
        assertThat(sidecar.get("id").asText()).isEqualTo(originalId);
        var archiveName = newId + ".tar.gz";
        sidecar.put("id", newId);
        sidecar.put("archive_file", archiveName);
        Files.copy(archiveOf(original), location.resolve(archiveName));
        Files.writeString(location.resolve(newId + ".json"), Api.JSON.writeValueAsString(sidecar));
    }

    // --- the server process ---

    static void killServer() throws Exception {
        var server = libertyProcess();
        assertThat(server.destroyForcibly())
                .as("SIGKILL sent to " + server.pid())
                .isTrue();
        server.onExit().get(1, TimeUnit.MINUTES);
        assertThat(server.isAlive()).isFalse();
    }

    /** The JVM running {@code ws-server.jar itPostgres}. */
    static ProcessHandle libertyProcess() {
        var matches = ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> c.contains("ws-server.jar") && c.matches(".*\\s" + SERVER.name() + "(\\s.*)?"))
                        .orElse(false))
                .toList();
        assertThat(matches).as("exactly one Liberty JVM runs " + SERVER.name()).hasSize(1);
        return matches.get(0);
    }

    /**
     * The variables the liberty-maven-plugin started the server with (pom.xml, execution it-postgres-start); it
     * passes them to the process only, so a restart must pass them again. Variables of Liberty's own start
     * script (WLP_*, JAVA_*, JVM_*, ...) are left for the script to set.
     */
    static Map<String, String> serverEnvironment(ProcessHandle server) throws IOException {
        var all = new HashMap<String, String>();
        for (var entry : Files.readString(Path.of("/proc", String.valueOf(server.pid()), "environ"))
                .split("\0")) {
            var eq = entry.indexOf('=');
            if (eq > 0) {
                all.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        assertThat(all)
                .as("environment of " + SERVER.name())
                .containsKeys(
                        "HTTP_PORT",
                        "HTTPS_PORT",
                        "DB_KIND",
                        "BACKUP_LOCATION",
                        "RESTORE_ROOT",
                        "STORAGE_VOLUMES_ROOT");
        var wanted = new HashMap<String, String>();
        all.forEach((name, value) -> {
            if (name.matches(
                    "(HTTPS?|JWT|DB|STORAGE|BACKUP|RESTORE|SMTP|EMAIL|ADMIN|CLOUD|NODE|LC|KEYSTORE)_.*|LANG")) {
                wanted.put(name, value);
            }
        });
        return wanted;
    }

    /** Starts the server unless it answers, then waits until it serves health checks and hands out tokens. */
    static void ensureServerRunning(Map<String, String> environment) throws Exception {
        if (!healthy()) {
            assertThat(environment)
                    .as("the environment to restart " + SERVER.name() + " with")
                    .isNotEmpty();
            var log = BackupFixtures.BUILD.resolve("it-postgres-restart.log");
            var start = Processes.command(LIBERTY.resolve("bin/server").toString(), "start", SERVER.name())
                    .environment(environment)
                    .timeout(Duration.ofMinutes(5))
                    .run();
            Files.writeString(log, start.output());
            assertThat(start.exitCode())
                    .as("server start; see " + log + "\n" + start.output())
                    .isZero();
        }
        var deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (!(healthy() && tokenAvailable())) {
            assertThat(Instant.now())
                    .as(SERVER.name() + " did not come back; see "
                            + SERVER.serverDir().resolve("logs/messages.log"))
                    .isBefore(deadline);
            BackupFixtures.sleep(1000);
        }
    }

    static boolean healthy() {
        return status(HttpRequest.newBuilder(URI.create(SERVER.baseUrl() + "/health"))) == 200;
    }

    static boolean tokenAvailable() {
        var basic = Base64.getEncoder().encodeToString("admin:admin".getBytes());
        return status(HttpRequest.newBuilder(URI.create(SERVER.tokenUrl())).header("Authorization", "Basic " + basic))
                == 200;
    }

    private static final HttpClient PROBE = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .sslContext(Api.trustAll())
            .build();

    private static int status(HttpRequest.Builder request) {
        try {
            return PROBE.send(
                            request.timeout(Duration.ofSeconds(10)).GET().build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
