package com.opscenter.backups;

import static com.opscenter.backups.BackupFixtures.admin;
import static com.opscenter.backups.BackupFixtures.awaitFinished;
import static com.opscenter.backups.BackupFixtures.backupLocation;
import static com.opscenter.backups.BackupFixtures.completedBackup;
import static com.opscenter.backups.BackupFixtures.createBackup;
import static com.opscenter.it.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.DockerCli;
import com.opscenter.it.Locks;
import com.opscenter.it.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Consistent backups through the API, on the real Docker Engine with Debian's static busybox imported as an image
 * (nothing is pulled): a labelled writer is stopped while its volume is read and the backup says so, with its
 * commands' exit codes and the dump in the archive and the sidecar; a failing pre fails the backup and the
 * container runs afterwards; an in-place restore of a volume a running container mounts is refused naming it,
 * and with stop_containers the container ends running on the restored data.
 */
@ResourceLock(Locks.POSTGRES)
class ConsistentBackupIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String IMAGE = "opscenter-it/busybox-consistent:" + RUN;
    static final List<String> volumes = new ArrayList<>();
    static final List<String> containers = new ArrayList<>();
    static final List<String> backups = new ArrayList<>();

    /** Keeps /data/a and /data/b equal between iterations; on SIGTERM it finishes the pair it is writing. */
    static final String LOCKSTEP = "trap 'stop=1' TERM; n=$(cat /data/b 2>/dev/null || echo 0);"
            + " while [ -z \"$stop\" ]; do n=$((n+1)); echo $n > /data/a; echo $n > /data/b; done";

    static final String IDLE = "trap 'exit 0' TERM; while true; do sleep 1; done";

    @TempDir
    static Path work;

    @BeforeAll
    static void busyboxImage() throws IOException {
        assertThat(DockerCli.succeeds("info"))
                .as("a Docker Engine must be running")
                .isTrue();
        var root = Files.createDirectories(work.resolve("rootfs"));
        var bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (var applet : List.of("sh", "cat", "sleep", "echo")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Files.createDirectories(root.resolve("dev"));
        Files.createDirectories(root.resolve("data"));
        var tar = work.resolve("busybox.tar");
        Processes.check("tar", "-C", root.toString(), "-cf", tar.toString(), ".");
        docker("import", "--change", "ENV PATH=/bin", tar.toString(), IMAGE);
    }

    @AfterAll
    static void removeWhatThisRunCreated() {
        backups.forEach(BackupFixtures::deleteQuietly);
        containers.forEach(id -> DockerCli.succeeds("rm", "-f", id));
        volumes.forEach(name -> DockerCli.succeeds("volume", "rm", "-f", name));
        DockerCli.succeeds("rmi", "-f", IMAGE);
        BackupFixtures.removeCreatedFolders();
    }

    @Test
    void aLabelledWriterIsStoppedWhileItsVolumeIsReadAndTheBackupSaysWhatItDid() throws IOException {
        var volume = volume("db");
        var writer = container(
                "db",
                volume,
                LOCKSTEP,
                "ops-center.backup.stop=true",
                "ops-center.backup.pre=echo flushed",
                "ops-center.backup.post=echo resumed",
                "ops-center.backup.dump=echo \"SELECT $(cat /data/b);\"");

        var backup = completedBackup(volume);
        backups.add(backup.get("id").asText());

        assertThat(docker("inspect", "-f", "{{.State.Status}}", writer)).isEqualTo("running");
        var name = name(writer);
        assertThat(backup.get("containers")).singleElement().satisfies(c -> {
            assertThat(c.get("container").asText()).isEqualTo(name);
            assertThat(c.get("action").asText()).isEqualTo("stopped");
            assertThat(c.get("volumes").get(0).asText()).isEqualTo(volume);
            assertThat(c.get("until").isNull()).isFalse();
        });
        assertThat(backup.get("container_downtime_ms").asLong())
                .isEqualTo(backup.at("/containers/0/downtime_ms").asLong());
        assertThat(StreamSupport.stream(backup.get("hooks").spliterator(), false)
                        .map(h -> h.get("kind").asText() + " "
                                + h.get("exit_code").asLong() + " "
                                + h.get("output_tail").asText()))
                .containsExactly("pre 0 flushed\n", "dump 0 ", "post 0 resumed\n");

        var contents = admin().get("/api/v1/backups/" + backup.get("id").asText() + "/contents");
        assertThat(contents.status()).isEqualTo(200);
        assertThat(StreamSupport.stream(contents.json().spliterator(), false)
                        .map(e -> e.get("path").asText()))
                .contains("dumps/" + name + ".sql", "volumes/" + volume + "/a", "volumes/" + volume + "/b");
        var sidecar = Files.readString(backupLocation().resolve(backup.get("id").asText() + ".json"));
        assertThat(sidecar).contains("\"containers\":{\"containers\":[{\"container\":\"" + name + "\"");

        var verify = admin().post("/api/v1/backups/verify/" + backup.get("id").asText(), "");
        assertThat(verify.status()).as(verify.toString()).isEqualTo(200);
        assertThat(verify.json().get("valid").asBoolean()).as(verify.toString()).isTrue();
    }

    @Test
    void aFailingPreFailsTheBackupNamingItAndTheContainerRunsAfterwards() {
        var volume = volume("broken");
        var app = container(
                "broken",
                volume,
                IDLE,
                "ops-center.backup.stop=true",
                "ops-center.backup.pre=echo disk full >&2; exit 4");

        var id = createBackup(volume);
        backups.add(id);
        var backup = awaitFinished(id);

        assertThat(backup.get("status").asText()).isEqualTo("failed");
        assertThat(backup.get("error").asText())
                .contains("the pre command of container " + name(app), "exited 4", "disk full");
        assertThat(backup.get("hooks"))
                .singleElement()
                .satisfies(h -> assertThat(h.get("exit_code").asInt()).isEqualTo(4));
        assertThat(docker("inspect", "-f", "{{.State.Status}}", app)).isEqualTo("running");
    }

    @Test
    void anInPlaceRestoreOfAVolumeInUseIsRefusedUnlessItMayStopItsContainers() throws IOException {
        var volume = volume("restore");
        var root = DockerCli.mountpoint(volume);
        Files.writeString(root.resolve("state"), "as backed up");
        var backup = completedBackup(volume);
        backups.add(backup.get("id").asText());
        var app = container(
                "restore",
                volume,
                "trap 'exit 0' TERM; while true; do cat /data/state > /data/seen;" + " sleep 1; done");
        Files.writeString(root.resolve("state"), "changed later");

        var refused = admin().post(
                        "/api/v1/backups/" + backup.get("id").asText() + "/restore", "{\"volume\":\"" + volume + "\"}");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).contains(name(app), "stop_containers");
        assertThat(root.resolve("state")).hasContent("changed later");

        var restored = admin().post(
                        "/api/v1/backups/" + backup.get("id").asText() + "/restore",
                        "{\"volume\":\"" + volume + "\",\"stop_containers\":true}");

        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(docker("inspect", "-f", "{{.State.Status}}", app)).isEqualTo("running");
        assertThat(docker("exec", app, "cat", "/data/state"))
                .as("the running container sees the restored data")
                .isEqualTo("as backed up");
    }

    static String volume(String name) {
        var created = docker("volume", "create", "cb-" + RUN + "-" + name);
        volumes.add(created);
        return created;
    }

    static String container(String name, String volume, String script, String... labels) {
        var args = new ArrayList<>(
                List.of("run", "-d", "--network", "none", "--stop-timeout", "20", "--name", "cb-" + RUN + "-" + name));
        for (var label : labels) {
            args.add("--label");
            args.add(label);
        }
        args.addAll(List.of("-v", volume + ":/data", IMAGE, "sh", "-c", script));
        var id = docker(args.toArray(String[]::new));
        containers.add(id);
        return id;
    }

    static String name(String id) {
        return docker("inspect", "-f", "{{.Name}}", id).replaceFirst("^/", "");
    }
}
