package com.opscenter.backups.control;

import static com.opscenter.it.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.archive.ArchiveResult;
import com.opscenter.archive.ArchiveSpec;
import com.opscenter.archive.ArchiveWriteException;
import com.opscenter.archive.Archiver;
import com.opscenter.archive.Codec;
import com.opscenter.archive.Restorer;
import com.opscenter.audit.control.AuditEvent;
import com.opscenter.audit.entity.AuditOutcome;
import com.opscenter.backups.entity.QuiescedContainer;
import com.opscenter.it.DockerCli;
import com.opscenter.it.Processes;
import com.opscenter.storage.control.DockerClients;
import com.opscenter.storage.control.TestStorageSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Containers around backups, on the real Docker Engine with Debian's static busybox imported as an image (nothing
 * is pulled): a writer keeping two files in lockstep is stopped while its volume is read, so the archived pair
 * always matches; pre, post and dump commands run in the container and are recorded; a failing pre fails the
 * backup and leaves every container running; and what a crash left stopped is started at the next start-up.
 */
class ContainerQuiescingTest {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String IMAGE = "opscenter-test/busybox:" + RUN;
    static final List<String> volumes = new ArrayList<>();
    static final List<String> containers = new ArrayList<>();

    /** Keeps /data/a and /data/b equal between iterations; on SIGTERM it finishes the pair it is writing. */
    static final String LOCKSTEP = "trap 'stop=1' TERM; n=$(cat /data/b 2>/dev/null || echo 0);"
            + " while [ -z \"$stop\" ]; do n=$((n+1)); echo $n > /data/a; echo $n > /data/b; done";

    static final String IDLE = "trap 'exit 0' TERM; while true; do sleep 1; done";

    @TempDir
    static Path work;

    @TempDir
    Path tmp;

    DockerContainers docker;
    InMemoryQuiescedContainers store;
    List<AuditEvent> audit;
    ContainerQuiescing quiescing;

    @BeforeAll
    static void busyboxImage() throws IOException {
        assertThat(DockerCli.succeeds("info"))
                .as("a Docker Engine must be running")
                .isTrue();
        var root = Files.createDirectories(work.resolve("rootfs"));
        var bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (var applet : List.of("sh", "cat", "sleep", "echo", "ls", "mkdir", "rm", "true", "false")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Files.createDirectories(root.resolve("dev"));
        Files.createDirectories(root.resolve("data"));
        Files.createDirectories(root.resolve("tmp"));
        var tar = work.resolve("busybox.tar");
        Processes.check("tar", "-C", root.toString(), "-cf", tar.toString(), ".");
        docker("import", "--change", "ENV PATH=/bin", tar.toString(), IMAGE);
    }

    @AfterAll
    static void removeWhatThisRunCreated() {
        containers.forEach(id -> DockerCli.succeeds("rm", "-f", id));
        volumes.forEach(name -> DockerCli.succeeds("volume", "rm", "-f", name));
        DockerCli.succeeds("rmi", "-f", IMAGE);
    }

    @BeforeEach
    void engine() {
        var client = DockerClients.connect(TestStorageSettings.of(tmp, "unix:///var/run/docker.sock"));
        docker = new DockerContainers(client, Clock.systemUTC());
        store = new InMemoryQuiescedContainers();
        audit = Collections.synchronizedList(new ArrayList<>());
        quiescing = new ContainerQuiescing(
                docker,
                store,
                () -> "node-1",
                Duration.ofSeconds(30),
                Duration.ofSeconds(20),
                1 << 20,
                audit::add,
                Clock.systemUTC());
    }

    @Test
    void aStoppedWriterLeavesAMatchingPairAndRunsAgainAfterwards() throws IOException {
        var volume = volume("lockstep");
        var writer = container("writer", volume, LOCKSTEP, "ops-center.backup.stop=true");
        var root = DockerCli.mountpoint(volume);
        awaitFile(root.resolve("b"));

        long previous = 0;
        for (int round = 0; round < 3; round++) {
            var outcome = backup(volume, root);

            var restored = new Restorer(Thread::new)
                    .restore(outcome.result.archive(), "volumes/" + volume, tmp.resolve("restored-" + round));
            var a = Files.readString(restored.destination().resolve("a")).strip();
            var b = Files.readString(restored.destination().resolve("b")).strip();
            assertThat(a).as("round " + round).isNotEmpty().isEqualTo(b);
            assertThat(Long.parseLong(a)).isGreaterThan(previous);
            previous = Long.parseLong(a);
            assertThat(outcome.result.warnings()).isEmpty();
            assertThat(docker("inspect", "-f", "{{.State.Status}}", writer)).isEqualTo("running");
            assertThat(store.rows).isEmpty();
            assertThat(outcome.report.containers()).singleElement().satisfies(c -> {
                assertThat(c.container()).isEqualTo(name(writer));
                assertThat(c.action()).isEqualTo("stopped");
                assertThat(c.volumes()).containsExactly(volume);
                assertThat(c.until()).isNotNull();
                assertThat(c.problem()).isNull();
            });
        }
    }

    @Test
    void preDumpAndPostRunInTheContainerAndAreRecorded() throws IOException {
        var volume = volume("hooks");
        var app = container(
                "app",
                volume,
                IDLE,
                "ops-center.backup.pause=true",
                "ops-center.backup.pre=echo pre-ran > /data/pre.txt; echo hello from pre",
                "docker-volume-backup.archive-post=echo bye from post; printf '\\033[31mred\\n'",
                "ops-center.backup.dump=echo 'CREATE TABLE t (n int);'; echo dump-diagnostics >&2",
                "ops-center.backup.dump-ext=pgsql");
        var root = DockerCli.mountpoint(volume);

        var outcome = backup(volume, root);

        var restored = new Restorer(Thread::new).restore(outcome.result.archive(), tmp.resolve("all"));
        assertThat(restored.destination().resolve("volumes/" + volume + "/pre.txt"))
                .as("pre ran before the volume was read")
                .hasContent("pre-ran");
        assertThat(restored.destination().resolve("dumps/" + name(app) + ".pgsql"))
                .hasContent("CREATE TABLE t (n int);");
        assertThat(outcome.report.hooks())
                .extracting(
                        ContainerReport.Hook::kind, ContainerReport.Hook::exitCode, ContainerReport.Hook::outputTail)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("pre", 0L, "hello from pre\n"),
                        org.assertj.core.groups.Tuple.tuple("dump", 0L, "dump-diagnostics\n"),
                        org.assertj.core.groups.Tuple.tuple("post", 0L, "bye from post\n\uFFFD[31mred\n"));
        assertThat(outcome.report.hooks().get(1).dumpFile()).isEqualTo("dumps/" + name(app) + ".pgsql");
        assertThat(outcome.report.containers())
                .singleElement()
                .satisfies(c -> assertThat(c.action()).isEqualTo("paused"));
        assertThat(docker("inspect", "-f", "{{.State.Status}}", app)).isEqualTo("running");
        assertThat(Files.exists(tmp.resolve("backups").resolve(ID + ContainerQuiescing.STAGING_SUFFIX)))
                .as("the dump's staging folder is gone")
                .isFalse();
        assertThat(Files.exists(root.resolve(name(app) + ".pgsql"))).isFalse();
    }

    @Test
    void aFailingPreFailsTheBackupRunsPostAndLeavesEveryContainerRunning() throws IOException {
        var first = volume("first");
        var second = volume("second");
        var stopped = container("stopped", first, IDLE, "ops-center.backup.stop=true");
        var failing = container(
                "failing",
                second,
                IDLE,
                "docker-volume-backup.stop-during-backup=true",
                "ops-center.backup.pre=echo cannot flush >&2; exit 3",
                "ops-center.backup.post=echo post-ran > /data/post.txt");
        var backups = Files.createDirectories(tmp.resolve("backups"));
        ConsistentBackup consistent = quiescing.begin(ID, backups);
        var sources = consistent.plan(List.of(
                new ArchiveSpec.Source("volumes/" + first, DockerCli.mountpoint(first)),
                new ArchiveSpec.Source("volumes/" + second, DockerCli.mountpoint(second))));

        try {
            assertThatThrownBy(() -> new Archiver(Thread::new)
                            .create(ArchiveSpec.of(ID, backups, sources), Archiver.ProgressListener.NONE))
                    .isInstanceOf(ArchiveWriteException.class)
                    .hasMessageContaining("the pre command of container " + name(failing) + " (volume " + second
                            + ") exited 3: cannot flush");
        } finally {
            consistent.close();
        }

        assertThat(docker("inspect", "-f", "{{.State.Status}}", stopped)).isEqualTo("running");
        assertThat(docker("inspect", "-f", "{{.State.Status}}", failing)).isEqualTo("running");
        assertThat(DockerCli.mountpoint(second).resolve("post.txt")).hasContent("post-ran");
        var report = consistent.report();
        assertThat(report.containers()).singleElement().satisfies(c -> {
            assertThat(c.container()).isEqualTo(name(stopped));
            assertThat(c.until()).isNotNull();
        });
        assertThat(report.hooks())
                .extracting(ContainerReport.Hook::kind, ContainerReport.Hook::exitCode)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("pre", 3L),
                        org.assertj.core.groups.Tuple.tuple("post", 0L));
        assertThat(store.rows).isEmpty();
    }

    @Test
    void containersACrashLeftStoppedOrPausedRunAgainAtStartUpAndTheAuditTrailSaysSo() {
        var volume = volume("crash");
        var stopped = container("crash-stopped", volume, IDLE);
        var paused = container("crash-paused", volume, IDLE);
        var otherNodes = container("other-node", volume, IDLE);
        // What a server that died mid-backup leaves: the rows, and the containers still stopped or paused.
        store.add(new QuiescedContainer(
                stopped, name(stopped), QuiescedContainer.STOPPED, "backup " + ID, "node-1", Instant.now()));
        docker("stop", stopped);
        store.add(new QuiescedContainer(
                paused, name(paused), QuiescedContainer.PAUSED, "backup " + ID, "node-1", Instant.now()));
        docker("pause", paused);
        store.add(new QuiescedContainer(
                otherNodes, name(otherNodes), QuiescedContainer.STOPPED, "backup " + ID, "node-2", Instant.now()));
        docker("stop", otherNodes);

        var done = quiescing.recover();

        assertThat(done).hasSize(2);
        assertThat(docker("inspect", "-f", "{{.State.Status}}", stopped)).isEqualTo("running");
        assertThat(docker("inspect", "-f", "{{.State.Status}}", paused)).isEqualTo("running");
        assertThat(docker("inspect", "-f", "{{.State.Status}}", otherNodes))
                .as("another server's backup may still be running: its containers are its own")
                .isEqualTo("exited");
        assertThat(store.rows).containsOnlyKeys(otherNodes);
        assertThat(audit)
                .extracting(AuditEvent::action, AuditEvent::target, AuditEvent::outcome)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                "backup.containers.recover", name(stopped), AuditOutcome.SUCCESS),
                        org.assertj.core.groups.Tuple.tuple(
                                "backup.containers.recover", name(paused), AuditOutcome.SUCCESS));
        assertThat(audit).allSatisfy(e -> assertThat(e.details()).contains("backup " + ID));
    }

    @Test
    void aVolumeInUseNamesItsRunningContainersOnly() {
        var volume = volume("in-use");
        var running = container("user", volume, IDLE);
        var exited = container("exited", volume, "true");
        Processes.check("docker", "wait", exited);

        assertThat(quiescing.using(volume, DockerCli.mountpoint(volume)))
                .extracting(DockerContainers.Mounting::id)
                .containsExactly(running);
    }

    static final String ID = "backup-20250101-000000";

    record Outcome(ArchiveResult result, ContainerReport report) {}

    Outcome backup(String volume, Path root) throws IOException {
        var backups = tmp.resolve("backups");
        Files.createDirectories(backups);
        try (var files = Files.list(backups)) {
            for (var f : files.toList()) {
                Files.delete(f);
            }
        }
        ConsistentBackup consistent = quiescing.begin(ID, backups);
        ArchiveResult result;
        try {
            var sources = consistent.plan(List.of(new ArchiveSpec.Source("volumes/" + volume, root)));
            result = new Archiver(Thread::new)
                    .create(
                            ArchiveSpec.of(ID, backups, sources).withCodec(Codec.GZIP, 1),
                            Archiver.ProgressListener.NONE);
        } finally {
            consistent.close();
        }
        return new Outcome(result, consistent.report());
    }

    static String volume(String name) {
        var created = docker("volume", "create", "cq-" + RUN + "-" + name);
        volumes.add(created);
        return created;
    }

    static String container(String name, String volume, String script, String... labels) {
        var args = new ArrayList<>(
                List.of("run", "-d", "--network", "none", "--stop-timeout", "20", "--name", "cq-" + RUN + "-" + name));
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

    /** Waits for the writer's first pair; bounded by the loop, not a timed assertion. */
    static void awaitFile(Path file) {
        for (int i = 0; i < 600 && !Files.exists(file); i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(file).exists();
    }
}
