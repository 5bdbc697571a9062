package com.opscenter.backups;

import static com.opscenter.backups.BackupFixtures.RESTORE_ROOT;
import static com.opscenter.backups.BackupFixtures.admin;
import static com.opscenter.backups.BackupFixtures.completedBackup;
import static com.opscenter.backups.BackupFixtures.remember;
import static com.opscenter.backups.BackupFixtures.snapshot;
import static com.opscenter.backups.BackupFixtures.unique;
import static com.opscenter.it.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opscenter.it.DockerCli;
import com.opscenter.it.Locks;
import com.opscenter.it.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Backups of real Docker volumes through the API: one named volume written by a container that has stopped and
 * still mounts it, one written straight into its mount point. Both come back byte for byte, in a folder and in
 * place, and Docker reads the restored volume. The image is Debian's static busybox, imported locally: nothing
 * is pulled.
 */
@ResourceLock(Locks.POSTGRES)
class DockerVolumeBackupIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String IMAGE = "opscenter-it/busybox:" + RUN;
    static final Path BUSYBOX = Path.of("/bin/busybox");

    static final List<String> volumes = new ArrayList<>();
    static final List<String> containers = new ArrayList<>();
    static final List<String> backups = new ArrayList<>();

    static String written;
    static String direct;
    static String writer;
    static Map<String, String> writtenTree;
    static Map<String, String> directTree;
    static JsonNode backup;

    @TempDir
    static Path work;

    @BeforeAll
    static void twoDockerVolumesAndOneBackupOfBoth() throws IOException {
        assertThat(DockerCli.succeeds("info"))
                .as("docker info: a Docker Engine must be running")
                .isTrue();
        assertThat(BUSYBOX)
                .as("a static busybox for the test image; .ci/run installs Debian's busybox-static")
                .isExecutable();
        importBusybox();

        written = volume("it-" + RUN + "-app-data");
        // The container writes its data and exits; stopped, it keeps the volume mounted.
        writer = docker(
                "create",
                "--network",
                "none",
                "--name",
                "it-" + RUN + "-writer",
                "-v",
                written + ":/data",
                IMAGE,
                "sh",
                "-c",
                "mkdir -p /data/db/tables /data/empty && echo 'hello from a container' > /data/hello.txt"
                        + " && dd if=/dev/urandom of=/data/db/tables/t1.bin bs=1024 count=300 2>/dev/null"
                        + " && ln -s hello.txt /data/link-to-hello && ln /data/hello.txt /data/hard-link"
                        + " && chmod 600 /data/db/tables/t1.bin && chmod 750 /data/db");
        containers.add(writer);
        var run = Processes.command("docker", "start", "-a", writer).run();
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(docker("inspect", "-f", "{{.State.Status}} {{range .Mounts}}{{.Name}}{{end}}", writer))
                .isEqualTo("exited " + written);

        direct = volume("it-" + RUN + "-uploads");
        var root = DockerCli.mountpoint(direct);
        Files.createDirectories(root.resolve("img/2025"));
        var random = new Random(7);
        for (int i = 0; i < 5; i++) {
            var bytes = new byte[50_000 + i];
            random.nextBytes(bytes);
            Files.write(root.resolve("img/2025/photo-" + i + ".jpg"), bytes);
        }
        var secret = Files.writeString(root.resolve("token"), "s3cr3t\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));

        writtenTree = snapshot(DockerCli.mountpoint(written));
        directTree = snapshot(root);
        assertThat(writtenTree).containsKeys("hello.txt", "db/tables/t1.bin", "link-to-hello", "empty");

        backup = completedBackup(written, direct);
        backups.add(backup.get("id").asText());
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
    void theBackupHoldsBothVolumesWithEveryFile() {
        assertThat(StreamSupport.stream(backup.get("volumes").spliterator(), false)
                        .map(JsonNode::asText))
                .containsExactlyInAnyOrder(written, direct);
        var contents = admin().get("/api/v1/backups/" + backup.get("id").asText() + "/contents");
        assertThat(contents.status()).as(contents.toString()).isEqualTo(200);
        var paths = StreamSupport.stream(contents.json().spliterator(), false)
                .map(e -> e.get("path").asText().replaceAll("/$", ""))
                .toList();
        assertThat(paths)
                .contains(
                        "volumes/" + written + "/hello.txt",
                        "volumes/" + written + "/db/tables/t1.bin",
                        "volumes/" + direct + "/img/2025/photo-4.jpg",
                        "volumes/" + direct + "/token");
    }

    @Test
    void restoreToAFolderGivesBackBothVolumesByteForByte() throws IOException {
        var target = remember(RESTORE_ROOT.resolve(unique("docker-volumes")));

        var response = admin().post(
                        "/api/v1/backups/" + backup.get("id").asText() + "/restore",
                        "{\"restore_path\":\"" + target + "\",\"verify_before_restore\":true}");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var restored = Path.of(response.json().get("restore_path").asText());
        assertThat(snapshot(restored.resolve("volumes").resolve(written))).isEqualTo(writtenTree);
        assertThat(snapshot(restored.resolve("volumes").resolve(direct))).isEqualTo(directTree);
    }

    @Test
    void restoreInPlaceBringsBothVolumesBackAndDockerReadsThem() throws IOException {
        var writtenRoot = DockerCli.mountpoint(written);
        var directRoot = DockerCli.mountpoint(direct);
        Files.writeString(writtenRoot.resolve("hello.txt"), "overwritten");
        Files.delete(writtenRoot.resolve("db/tables/t1.bin"));
        Files.writeString(writtenRoot.resolve("added-later.txt"), "new");
        Files.delete(directRoot.resolve("img/2025/photo-2.jpg"));
        Files.setPosixFilePermissions(directRoot.resolve("token"), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(snapshot(writtenRoot)).isNotEqualTo(writtenTree);
        assertThat(snapshot(directRoot)).isNotEqualTo(directTree);

        for (var volume : List.of(written, direct)) {
            var response = admin().post(
                            "/api/v1/backups/" + backup.get("id").asText() + "/restore",
                            "{\"volume\":\"" + volume + "\",\"verify_before_restore\":true}");
            assertThat(response.status()).as(volume + ": " + response).isEqualTo(200);
            assertThat(response.json().get("success").asBoolean()).isTrue();
        }

        assertThat(DockerCli.mountpoint(written)).isEqualTo(writtenRoot);
        assertThat(snapshot(writtenRoot)).isEqualTo(writtenTree);
        assertThat(snapshot(directRoot)).isEqualTo(directTree);
        assertThat(docker("inspect", "-f", "{{.State.Status}} {{range .Mounts}}{{.Name}}{{end}}", writer))
                .as("the stopped container still mounts the volume")
                .isEqualTo("exited " + written);
        var read = docker(
                "run", "--rm", "--network", "none", "-v", written + ":/data", IMAGE, "cat", "/data/link-to-hello");
        assertThat(read).isEqualTo("hello from a container");
    }

    static String volume(String name) {
        var created = docker("volume", "create", name);
        volumes.add(created);
        return created;
    }

    /** Debian's static busybox as an image: the binary and a link per applet the tests use. */
    static void importBusybox() throws IOException {
        var root = Files.createDirectories(work.resolve("busybox-rootfs"));
        var bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"));
        for (var applet : List.of("sh", "mkdir", "dd", "ln", "chmod", "cat")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Files.createDirectories(root.resolve("dev"));
        Files.createDirectories(root.resolve("data"));
        var tar = work.resolve("busybox.tar");
        Processes.check("tar", "-C", root.toString(), "-cf", tar.toString(), ".");
        docker("import", "--change", "ENV PATH=/bin", tar.toString(), IMAGE);
    }
}
