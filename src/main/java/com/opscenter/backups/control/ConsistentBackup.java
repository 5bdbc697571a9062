package com.opscenter.backups.control;

import com.opscenter.archive.ArchiveSpec;
import com.opscenter.archive.SourceHooks;
import com.opscenter.archive.io.DurableFiles;
import com.opscenter.backups.entity.QuiescedContainer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One backup's dealings with the containers that mount its volumes, as labelled ({@link ContainerRules}). The
 * archive engine reads the volumes one after another and calls the hooks of each ({@link SourceHooks}): before a
 * volume is read, its containers' {@code pre} commands and dumps run (the container must be running for them),
 * then the running ones labelled so are stopped or paused, each persisted first ({@link QuiescedContainers}) so a
 * crash cannot leave one stopped; after its last volume was read, a container is started or unpaused and its
 * {@code post} command runs. A container that mounts several of the volumes stays stopped from the first to the
 * last of them, so they are read as one consistent state. {@link #close} is the safety net: whatever is still
 * stopped when the backup ends, failed or not, is started, and owed {@code post} commands run.
 *
 * <p>A failing {@code pre} or dump fails the backup, as a failing before-backup hook does in borgmatic: a backup
 * that silently lacks the database would be taken for a good one, and retention could then delete the last good
 * one.
 */
final class ConsistentBackup implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConsistentBackup.class.getName());

    /** One container and what this backup owes it. */
    private static final class Target {
        final DockerContainers.Mounting container;
        final ContainerRules rules;
        final List<String> volumes = new ArrayList<>();
        int first;
        int last;
        boolean begun;
        boolean posted;
        String quiesced;
        Instant since;
        int reportIndex = -1;

        Target(DockerContainers.Mounting container, ContainerRules rules) {
            this.container = container;
            this.rules = rules;
        }
    }

    private final String backupId;
    private final DockerContainers docker;
    private final QuiescedContainers store;
    private final String node;
    private final Duration timeout;
    private final Duration stopGrace;
    private final long maxDumpBytes;
    private final Path staging;
    private final Clock clock;
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final List<ContainerReport.Quiesced> quiesced = new ArrayList<>();
    private final List<ContainerReport.Hook> hooks = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private boolean failed;

    ConsistentBackup(
            String backupId,
            DockerContainers docker,
            QuiescedContainers store,
            String node,
            Duration timeout,
            Duration stopGrace,
            long maxDumpBytes,
            Path staging,
            Clock clock) {
        this.backupId = backupId;
        this.docker = docker;
        this.store = store;
        this.node = node;
        this.timeout = timeout;
        this.stopGrace = stopGrace;
        this.maxDumpBytes = maxDumpBytes;
        this.staging = staging;
        this.clock = clock;
    }

    /**
     * The sources with hooks on every volume a labelled container mounts. Labels are read now, at backup time. When
     * the Engine answers but cannot say which containers mount a volume, that source stays as it is and a warning says
     * its containers were not asked; without an Engine at all there is nothing to ask.
     */
    synchronized List<ArchiveSpec.Source> plan(List<ArchiveSpec.Source> sources) {
        var planned = new ArrayList<ArchiveSpec.Source>();
        for (int i = 0; i < sources.size(); i++) {
            var source = sources.get(i);
            var prefix = source.archivePrefix();
            if (!prefix.startsWith("volumes/")) {
                planned.add(source);
                continue;
            }
            var volume = prefix.substring("volumes/".length());
            List<DockerContainers.Mounting> mounting;
            try {
                mounting = docker.mounting(volume, source.root());
            } catch (DockerEngineUnreachable e) {
                // No Engine, no container running through it to stop: a folder volume on a host without Docker (the
                // embedded default) is read as it is, and its backups stay good. Docker volumes never get here
                // then: without the Engine they are missing from the backup, which says so.
                planned.add(source);
                continue;
            } catch (RuntimeException e) {
                warnings.add("volume " + volume + ": the containers that mount it could not be asked for their backup"
                        + " labels (" + DockerContainers.message(e) + "); it was read while they ran");
                planned.add(source);
                continue;
            }
            boolean any = false;
            for (var c : mounting) {
                var rules = ContainerRules.of(c.labels());
                if (!rules.anything()) {
                    continue;
                }
                any = true;
                var target = targets.computeIfAbsent(c.id(), id -> new Target(c, rules));
                if (target.volumes.isEmpty()) {
                    target.first = i;
                }
                target.volumes.add(volume);
                target.last = i;
                if (!c.running() && (rules.pre() != null || rules.dump() != null)) {
                    warnings.add("container " + c.name() + " (volume " + volume + ") is " + c.state()
                            + ": its pre command and dump were not run");
                }
            }
            planned.add(any ? source.withHooks(new Hooks(i)) : source);
        }
        return planned;
    }

    /** What the caller should add to the backup's warnings. */
    synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    synchronized ContainerReport report() {
        return new ContainerReport(quiesced, hooks);
    }

    /** The engine's hooks for the source at {@code index}. */
    private final class Hooks implements SourceHooks {
        private final int index;

        Hooks(int index) {
            this.index = index;
        }

        @Override
        public List<Dump> beforeRead() throws IOException {
            return ConsistentBackup.this.before(index);
        }

        @Override
        public void afterRead() {
            ConsistentBackup.this.after(index);
        }
    }

    private synchronized List<SourceHooks.Dump> before(int index) throws IOException {
        var starting = targets.values().stream().filter(t -> t.first == index).toList();
        var dumps = new ArrayList<SourceHooks.Dump>();
        for (var t : starting) {
            t.begun = true;
            if (!"running".equals(docker.state(t.container.id()))) {
                continue;
            }
            if (t.rules.pre() != null) {
                var run = docker.exec(t.container.id(), t.rules.pre(), timeout, null, 0);
                record(t, "pre", run, null);
                if (!run.succeeded()) {
                    failed = true;
                    throw new IOException("the pre command of container " + t.container.name() + " (volume "
                            + String.join(", ", t.volumes) + ") " + outcome(run));
                }
            }
            if (t.rules.dump() != null) {
                dumps.add(dump(t));
            }
        }
        for (var t : starting) {
            if (t.rules.quiesce() != ContainerRules.Quiesce.NONE && "running".equals(docker.state(t.container.id()))) {
                quiesce(t);
            }
        }
        return dumps;
    }

    private SourceHooks.Dump dump(Target t) throws IOException {
        var name = t.rules.dumpFileName(t.container.name());
        if (name == null) {
            failed = true;
            throw new IOException("the dump of container " + t.container.name() + " has an unusable extension '"
                    + t.rules.dumpExtension() + "' (label " + ContainerRules.DUMP_EXT + ")");
        }
        DurableFiles.createPrivateDirectories(staging);
        // Spooled (tar needs each size first) into the backup's private staging folder, never into the volume.
        var file = staging.resolve(name + ".part");
        Files.deleteIfExists(file);
        DockerContainers.CommandRun run;
        try (OutputStream out = Channels.newOutputStream(DurableFiles.createPrivate(file))) {
            run = docker.exec(t.container.id(), t.rules.dump(), timeout, out, maxDumpBytes);
        }
        record(t, "dump", run, "dumps/" + name);
        if (!run.succeeded()) {
            failed = true;
            throw new IOException("the dump command of container " + t.container.name() + " (volume "
                    + String.join(", ", t.volumes) + ") " + outcome(run));
        }
        return new SourceHooks.Dump(name, file);
    }

    private void quiesce(Target t) throws IOException {
        var action =
                t.rules.quiesce() == ContainerRules.Quiesce.STOP ? QuiescedContainer.STOPPED : QuiescedContainer.PAUSED;
        try {
            store.add(new QuiescedContainer(
                    t.container.id(), t.container.name(), action, "backup " + backupId, node, clock.instant()));
        } catch (RuntimeException e) {
            failed = true;
            var holder =
                    store.find(t.container.id()).map(q -> " by " + q.purpose()).orElse("");
            throw new IOException(
                    "container " + t.container.name() + " is already stopped or paused" + holder
                            + ": this backup does not read its volumes while it cannot vouch for them",
                    e);
        }
        t.quiesced = action;
        t.since = clock.instant();
        quiesced.add(new ContainerReport.Quiesced(t.container.name(), action, t.volumes, t.since, null, null));
        t.reportIndex = quiesced.size() - 1;
        try {
            if (t.rules.quiesce() == ContainerRules.Quiesce.STOP) {
                docker.stop(t.container.id(), stopGrace);
            } else {
                docker.pause(t.container.id());
            }
        } catch (RuntimeException e) {
            failed = true;
            throw new IOException(
                    "container " + t.container.name() + " could not be " + action + ": " + DockerContainers.message(e),
                    e);
        }
        LOG.info(() -> "Backup " + backupId + ": " + action + " container " + t.container.name());
    }

    private synchronized void after(int index) {
        for (var t : targets.values()) {
            if (t.begun && (t.last == index || failed)) {
                settle(t);
            }
        }
    }

    /** Whatever is still stopped or owed a post command: the backup ended, however it ended. */
    @Override
    public synchronized void close() {
        for (var t : targets.values()) {
            if (t.begun) {
                settle(t);
            }
        }
        try {
            DurableFiles.deleteRecursively(staging);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not remove the dump staging folder " + staging + ": " + e.getMessage());
        }
    }

    /** Starts or unpauses what we stopped or paused, then runs the post command; never throws. */
    private void settle(Target t) {
        if (t.quiesced != null) {
            String problem = null;
            try {
                if (t.quiesced.equals(QuiescedContainer.STOPPED)) {
                    docker.start(t.container.id());
                } else {
                    docker.unpause(t.container.id());
                }
                store.remove(t.container.id());
            } catch (RuntimeException e) {
                // The row stays: the next start-up tries again.
                problem = "could not be started again: " + DockerContainers.message(e);
                LOG.log(Level.WARNING, "Backup " + backupId + ": container " + t.container.name() + " " + problem);
            }
            var until = clock.instant();
            quiesced.set(
                    t.reportIndex,
                    new ContainerReport.Quiesced(t.container.name(), t.quiesced, t.volumes, t.since, until, problem));
            t.quiesced = null;
            LOG.info(() -> "Backup " + backupId + ": container " + t.container.name() + " running again after "
                    + Duration.between(t.since, until).toMillis() + " ms");
        }
        if (!t.posted && t.rules.post() != null) {
            t.posted = true;
            try {
                if ("running".equals(docker.state(t.container.id()))) {
                    record(t, "post", docker.exec(t.container.id(), t.rules.post(), timeout, null, 0), null);
                }
            } catch (RuntimeException e) {
                record(
                        t,
                        "post",
                        new DockerContainers.CommandRun(null, Duration.ZERO, "", DockerContainers.message(e)),
                        null);
            }
        }
    }

    private void record(Target t, String kind, DockerContainers.CommandRun run, String dumpFile) {
        hooks.add(new ContainerReport.Hook(
                t.container.name(),
                kind,
                run.exitCode(),
                run.duration(),
                run.outputTail(),
                dumpFile,
                run.problem() != null ? run.problem() : run.succeeded() ? null : "exited " + run.exitCode()));
    }

    private static String outcome(DockerContainers.CommandRun run) {
        var what = run.problem() != null ? run.problem() : "exited " + run.exitCode();
        var tail = run.outputTail() == null ? "" : run.outputTail().strip();
        if (tail.length() > 300) {
            tail = "…" + tail.substring(tail.length() - 300);
        }
        return tail.isEmpty() ? what : what + ": " + tail;
    }
}
