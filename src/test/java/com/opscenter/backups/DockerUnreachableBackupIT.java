package com.opscenter.backups;

import static com.opscenter.backups.BackupFixtures.completedBackup;
import static com.opscenter.backups.BackupFixtures.smallVolume;
import static com.opscenter.it.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.opscenter.it.Api;
import com.opscenter.it.DockerCli;
import com.opscenter.it.Locks;
import com.opscenter.it.Role;
import com.opscenter.it.Server;
import com.opscenter.it.TestSmtp;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A backup of every volume on a server whose Docker Engine cannot be reached. itPostgres2 shares itPostgres's
 * database and folders, but its DOCKER_HOST is a socket path that does not exist (pom.xml, itPostgres2.env):
 * itPostgres backs up a real Docker volume, itPostgres2 then knows it from that backup and says its own backup
 * lacks it, in the backup and in the mail. itPostgres2 also has cloud backup on, so the bucket is locked while its
 * backups finish.
 */
@ResourceLock(Locks.POSTGRES)
@ResourceLock(Locks.SMTP)
@ResourceLock(Locks.S3)
class DockerUnreachableBackupIT {

    static final Server WITHOUT_ENGINE = Server.POSTGRES_2;
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final List<String> backups = new ArrayList<>();
    static final List<String> volumes = new ArrayList<>();

    @RegisterExtension
    static GreenMailExtension smtp = TestSmtp.server();

    @AfterAll
    static void removeWhatThisRunCreated() {
        backups.forEach(BackupFixtures::deleteQuietly);
        volumes.forEach(name -> DockerCli.succeeds("volume", "rm", "-f", name));
        BackupFixtures.removeCreatedFolders();
    }

    @Test
    void everyVolumeWithoutTheEngineFinishesWithWarningsNamingTheDockerVolumeItLacks() throws Exception {
        assertThat(DockerCli.succeeds("info"))
                .as("a Docker Engine must be running")
                .isTrue();
        var dockerVolume = docker("volume", "create", "it-" + RUN + "-pg-data");
        volumes.add(dockerVolume);
        Files.writeString(DockerCli.mountpoint(dockerVolume).resolve("table.dat"), "rows\n");
        var folder = smallVolume("no-engine");
        var withEngine = completedBackup(dockerVolume, folder.name());
        backups.add(withEngine.get("id").asText());
        assertThat(names(withEngine.get("volumes"))).contains(dockerVolume);

        var started = admin().post("/api/v1/backups/create", "{\"backup_type\":\"manual\"}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        var id = started.json().get("backup_id").asText();
        backups.add(id);
        var done = awaitFinished(id, Duration.ofMinutes(10), WITHOUT_ENGINE);

        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed_with_warnings");
        assertThat(names(done.get("volumes"))).contains(folder.name()).doesNotContain(dockerVolume);
        var lacking = names(done.get("warnings")).get(0);
        assertThat(lacking)
                .contains("Docker Engine not reachable")
                .contains("lacks the Docker volume(s)")
                .contains(dockerVolume);
        var mail = awaitMail(id);
        assertThat(mail)
                .contains("Success with warnings")
                .contains(dockerVolume)
                .contains("Docker Engine not reachable");
    }

    @Test
    void aNamedDockerVolumeWithoutTheEngineIs503NotUnknown() throws Exception {
        var response = admin().post(
                        "/api/v1/backups/create",
                        "{\"backup_type\":\"manual\",\"include_volumes\":[\"it-" + RUN + "-elsewhere\"]}");

        assertThat(response.status()).as(response.toString()).isEqualTo(503);
        assertThat(response.json().get("detail").asText())
                .contains("it-" + RUN + "-elsewhere")
                .contains("Docker Engine not reachable")
                .doesNotContain("Unknown volume");
        var folder = smallVolume("no-engine-named");
        var named = admin().post(
                        "/api/v1/backups/create",
                        "{\"backup_type\":\"manual\",\"include_volumes\":[\"" + folder.name() + "\"]}");
        assertThat(named.status()).as("folder volumes need no Engine: " + named).isEqualTo(202);
        var id = named.json().get("backup_id").asText();
        backups.add(id);
        assertThat(awaitFinished(id, Duration.ofMinutes(5), WITHOUT_ENGINE)
                        .get("status")
                        .asText())
                .isEqualTo("completed");
    }

    static Api admin() {
        return Api.as(Role.ADMIN, WITHOUT_ENGINE);
    }

    static JsonNode awaitFinished(String id, Duration timeout, Server server) throws InterruptedException {
        var deadline = Instant.now().plus(timeout);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = Api.as(Role.ADMIN, server).get("/api/v1/backups/" + id).json();
            if (!"running".equals(last.get("status").asText())) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Backup " + id + " did not finish within " + timeout + "; last seen: " + last);
    }

    String awaitMail(String id) throws Exception {
        var deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            // The cloud upload may mail too; the backup's own mail is the one that says how it went.
            for (var mail : TestSmtp.mailsAbout(smtp, id)) {
                if (mail.getSubject().contains("Backup Completed")) {
                    return GreenMailUtil.getBody(mail);
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No mail about " + id + " within a minute");
    }

    static List<String> names(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }
}
