package com.opscenter.backups.control;

import com.opscenter.audit.control.AuditEvent;
import com.opscenter.audit.entity.AuditOutcome;
import com.opscenter.backups.entity.QuiescedContainer;
import com.opscenter.platform.control.NodeIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Containers around backups and restores: a {@link ConsistentBackup} per backup, the containers an in-place
 * restore must stop, and, at start-up, the containers a crash left stopped or paused ({@link QuiescedContainers}),
 * started again and reported to the audit trail.
 */
@ApplicationScoped
public class ContainerQuiescing {

    private static final Logger LOG = Logger.getLogger(ContainerQuiescing.class.getName());

    /** The staging folder of a backup's dumps: {@code <location>/<id>.dumps.tmp}, removed once the backup ends. */
    static final String STAGING_SUFFIX = ".dumps.tmp";

    private DockerContainers docker;
    private QuiescedContainers store;
    private Supplier<String> node;
    private Duration timeout;
    private Duration stopGrace;
    private long maxDumpBytes;
    private Consumer<AuditEvent> audit;
    private Clock clock;

    /** For the container's client proxy. */
    protected ContainerQuiescing() {}

    @Inject
    public ContainerQuiescing(
            DockerContainers docker,
            QuiescedContainers store,
            NodeIdentity node,
            @ConfigProperties BackupSettings settings,
            Event<AuditEvent> audit,
            Clock clock) {
        this(
                docker,
                store,
                node::name,
                settings.containerTimeout(),
                settings.containerStopGrace(),
                settings.dumpMaxBytes(),
                audit::fire,
                clock);
    }

    public ContainerQuiescing(
            DockerContainers docker,
            QuiescedContainers store,
            Supplier<String> node,
            Duration timeout,
            Duration stopGrace,
            long maxDumpBytes,
            Consumer<AuditEvent> audit,
            Clock clock) {
        this.docker = docker;
        this.store = store;
        this.node = node;
        this.timeout = timeout;
        this.stopGrace = stopGrace;
        this.maxDumpBytes = maxDumpBytes;
        this.audit = audit;
        this.clock = clock;
    }

    /** What one backup does to containers; closing it starts whatever is still stopped. */
    ConsistentBackup begin(String backupId, Path location) {
        return new ConsistentBackup(
                backupId,
                docker,
                store,
                node.get(),
                timeout,
                stopGrace,
                maxDumpBytes,
                location.resolve(backupId + STAGING_SUFFIX),
                clock);
    }

    /** One audit row per backup that stopped, paused or ran a command in a container. */
    void reported(String backupId, ContainerReport report, String actor) {
        if (report.isEmpty()) {
            return;
        }
        var problems = report.hooks().stream().anyMatch(h -> h.problem() != null)
                || report.containers().stream().anyMatch(c -> c.problem() != null);
        audit.accept(AuditEvent.of(
                actor == null ? "system" : actor,
                "backup.containers",
                backupId,
                problems ? AuditOutcome.FAILURE : AuditOutcome.SUCCESS,
                null,
                describe(report)));
    }

    static String describe(ContainerReport report) {
        var parts = new ArrayList<String>();
        for (var c : report.containers()) {
            parts.add(c.action() + " " + c.container() + " for " + c.downtime().toMillis() + " ms"
                    + (c.problem() == null ? "" : " (" + c.problem() + ")"));
        }
        for (var h : report.hooks()) {
            parts.add(h.kind() + " of " + h.container() + " "
                    + (h.exitCode() == null ? h.problem() : "exited " + h.exitCode()) + " in "
                    + h.duration().toMillis() + " ms");
        }
        return String.join("; ", parts);
    }

    /** The running or paused containers that mount the volume: they would write into a volume being replaced. */
    List<DockerContainers.Mounting> using(String volume, Path folder) {
        return docker.mounting(volume, folder).stream()
                .filter(c -> c.running() || "paused".equals(c.state()))
                .toList();
    }

    /**
     * Stops the containers for {@code purpose}, each persisted before its stop; the returned handle starts them
     * again when closed, whatever happened meanwhile. A failure to stop one starts the others again and throws.
     */
    Stopped stop(List<DockerContainers.Mounting> containers, String purpose) {
        var stopped = new Stopped(purpose);
        try {
            for (var c : containers) {
                store.add(new QuiescedContainer(
                        c.id(), c.name(), QuiescedContainer.STOPPED, purpose, node.get(), clock.instant()));
                stopped.ids.add(c);
                docker.stop(c.id(), stopGrace);
            }
        } catch (RuntimeException e) {
            stopped.close();
            throw new RestoreConflict("Could not stop the containers that use the volume ("
                    + DockerContainers.message(e) + "); nothing was restored and they run again");
        }
        return stopped;
    }

    /** Containers stopped for a restore; {@link #close} starts them again. */
    final class Stopped implements AutoCloseable {
        private final String purpose;
        private final List<DockerContainers.Mounting> ids = new ArrayList<>();

        Stopped(String purpose) {
            this.purpose = purpose;
        }

        @Override
        public void close() {
            for (var c : ids) {
                try {
                    docker.start(c.id());
                    store.remove(c.id());
                } catch (RuntimeException e) {
                    LOG.log(
                            Level.WARNING,
                            "Container " + c.name() + " stopped for " + purpose + " could not be started again: "
                                    + DockerContainers.message(e) + "; the next start-up tries again");
                }
            }
        }
    }

    /**
     * Starts or unpauses every container this server stopped or paused and did not start again (it crashed in
     * between), each reported to the audit trail. One the Engine refuses stays recorded for the next start-up.
     * Returns one line per container, for the log.
     */
    public List<String> recover() {
        var done = new ArrayList<String>();
        for (var row : store.ofNode(node.get())) {
            var what =
                    row.containerName() + " (" + row.action() + " by " + row.purpose() + " since " + row.since() + ")";
            try {
                if (row.paused()) {
                    docker.unpause(row.containerId());
                } else {
                    docker.start(row.containerId());
                }
                store.remove(row.containerId());
                done.add("started " + what + " again");
                audit.accept(AuditEvent.bySystem(
                        "backup.containers.recover",
                        row.containerName(),
                        AuditOutcome.SUCCESS,
                        (row.paused() ? "unpaused" : "started") + " again after a restart: " + row.action() + " by "
                                + row.purpose() + " since " + row.since()));
            } catch (com.github.dockerjava.api.exception.NotFoundException e) {
                store.remove(row.containerId());
                done.add("forgot " + what + ": the container no longer exists");
            } catch (RuntimeException e) {
                done.add("could not start " + what + ": " + DockerContainers.message(e));
                audit.accept(AuditEvent.bySystem(
                        "backup.containers.recover",
                        row.containerName(),
                        AuditOutcome.FAILURE,
                        "could not start it again after a restart (" + DockerContainers.message(e) + "): "
                                + row.action() + " by " + row.purpose() + " since " + row.since()));
            }
        }
        return done;
    }

    static String names(List<DockerContainers.Mounting> containers) {
        return containers.stream().map(DockerContainers.Mounting::name).collect(Collectors.joining(", "));
    }
}
