package com.opscenter.backups.control;

import com.opscenter.archive.ArchiveSpec;
import com.opscenter.archive.ArchiveWriteException;
import com.opscenter.archive.Archiver;
import com.opscenter.archive.Codec;
import com.opscenter.archive.EngineOptions;
import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.archive.format.BackupSidecar;
import com.opscenter.archive.io.DurableFiles;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import com.opscenter.backups.entity.BackupType;
import com.opscenter.platform.control.Installation;
import com.opscenter.platform.control.NodeIdentity;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Starts backup jobs and carries each to its outcome. The request thread only reserves the id and the volumes
 * in the catalog; archiving runs on the managed executor, outside any transaction.
 */
@ApplicationScoped
public class BackupJobs {

    private static final Logger LOG = Logger.getLogger(BackupJobs.class.getName());
    private static final long PROGRESS_INTERVAL_MILLIS = 1000;
    private static final int MAX_ID_ATTEMPTS = 5;

    @Resource
    ManagedExecutorService executor;

    /** The archive engine's read-ahead and compression threads: container-managed. */
    @Resource
    ManagedThreadFactory threads;

    private BackupCatalog catalog;
    private BackupConfigStore configs;
    private BackupSources sources;
    private BackupSettings settings;
    private NodeIdentity node;
    private BackupLeases leases;

    /** Named in every sidecar; null (unit tests) writes sidecars that name no installation. */
    private Installation installation;

    private Event<BackupFinished> finished;

    /** Stops, pauses and runs commands in the containers that mount the volumes; null (unit tests): none. */
    private ContainerQuiescing containers;

    private Clock clock;
    private BackupIds ids;

    /** What an increment is built on. */
    private IncrementBases bases;

    /** Where jobs run and which threads the engine gets: the container's, or plain ones in unit tests. */
    private Executor jobs;

    private ThreadFactory engineThreads;

    /** Encrypts local archives when the configuration says {@code all}; null in unit tests: never. */
    @Inject
    BackupEncryption encryption;

    /** For the container's client proxy only. */
    protected BackupJobs() {}

    @Inject
    public BackupJobs(
            BackupCatalog catalog,
            BackupConfigStore configs,
            BackupSources sources,
            @ConfigProperties BackupSettings settings,
            NodeIdentity node,
            BackupLeases leases,
            Installation installation,
            Event<BackupFinished> finished,
            ContainerQuiescing containers,
            Clock clock) {
        this(catalog, configs, sources, settings, node, leases, installation, finished, clock);
        this.containers = containers;
    }

    private BackupJobs(
            BackupCatalog catalog,
            BackupConfigStore configs,
            BackupSources sources,
            BackupSettings settings,
            NodeIdentity node,
            BackupLeases leases,
            Installation installation,
            Event<BackupFinished> finished,
            Clock clock) {
        this.catalog = catalog;
        this.configs = configs;
        this.sources = sources;
        this.settings = settings;
        this.node = node;
        this.leases = leases;
        this.installation = installation;
        this.finished = finished;
        this.clock = clock;
        this.ids = new BackupIds(clock);
        this.bases = new IncrementBases(catalog, clock);
    }

    /** Outside the container, with the containers of a real Engine. */
    BackupJobs(
            BackupCatalog catalog,
            BackupConfigStore configs,
            BackupSources sources,
            BackupSettings settings,
            NodeIdentity node,
            BackupLeases leases,
            Event<BackupFinished> finished,
            ContainerQuiescing containers,
            Clock clock,
            Executor jobs,
            ThreadFactory engineThreads) {
        this(catalog, configs, sources, settings, node, leases, null, finished, clock);
        this.containers = containers;
        this.jobs = jobs;
        this.engineThreads = engineThreads;
    }

    /** Outside the container: jobs and engine threads from the caller. */
    BackupJobs(
            BackupCatalog catalog,
            BackupConfigStore configs,
            BackupSources sources,
            BackupSettings settings,
            NodeIdentity node,
            BackupLeases leases,
            Installation installation,
            Event<BackupFinished> finished,
            Clock clock,
            Executor jobs,
            ThreadFactory engineThreads) {
        this(catalog, configs, sources, settings, node, leases, installation, finished, clock);
        this.jobs = jobs;
        this.engineThreads = engineThreads;
    }

    /** Outside the container, writing sidecars that name no installation. */
    BackupJobs(
            BackupCatalog catalog,
            BackupConfigStore configs,
            BackupSources sources,
            BackupSettings settings,
            NodeIdentity node,
            BackupLeases leases,
            Event<BackupFinished> finished,
            Clock clock,
            Executor jobs,
            ThreadFactory engineThreads) {
        this(catalog, configs, sources, settings, node, leases, null, finished, clock, jobs, engineThreads);
    }

    @PostConstruct
    void useContainerThreads() {
        jobs = executor;
        engineThreads = threads;
    }

    /** The modes a backup can be asked for in; null asks for the configuration's default. */
    public static final List<String> MODES = List.of("full", "incremental");

    /**
     * A started backup, and why it is a full backup when an increment was asked for (or configured); null when it
     * is what was asked for.
     */
    public record Started(Backup backup, String modeReason) {}

    /** Reserves a new backup and starts it; answers at once with the running backup. */
    public Backup start(BackupType type, List<String> includeVolumes, String description, String actor) {
        return start(type, includeVolumes, description, actor, null).backup();
    }

    /**
     * Reserves a new backup in {@code mode} ({@code full}, {@code incremental}, or null: incremental when the
     * configuration enables it) and starts it; answers at once with the running backup.
     */
    public Started start(BackupType type, List<String> includeVolumes, String description, String actor, String mode) {
        if (mode != null && !MODES.contains(mode)) {
            throw new InvalidBackupRequest("mode must be \"full\" or \"incremental\", not \"" + mode + "\"");
        }
        var config = configs.current();
        return start(
                type,
                includeVolumes,
                config.includePaths(),
                config.codec(),
                config.codecLevel(),
                null,
                description,
                actor,
                mode);
    }

    /** A backup for a schedule: its volumes, its paths (null: the configuration's), its compression and mode. */
    public Backup start(Schedule schedule, String description, String actor) {
        var paths = schedule.paths() == null ? configs.current().includePaths() : schedule.paths();
        return start(
                        BackupType.SCHEDULED,
                        schedule.volumes(),
                        paths,
                        schedule.codec(),
                        schedule.level(),
                        schedule.name(),
                        description,
                        actor,
                        schedule.mode())
                .backup();
    }

    private Started start(
            BackupType type,
            List<String> includeVolumes,
            List<String> includePaths,
            Codec codec,
            int level,
            String schedule,
            String description,
            String actor,
            String mode) {
        var config = configs.current();
        var selection = sources.select(includeVolumes, includePaths);
        var location = Path.of(config.backupLocation());
        Backup backup;
        IncrementBases.Decision decision;
        // One server reserves at a time, so two requests for the same volume cannot both pass the check.
        synchronized (this) {
            rejectOverlapWithRunning(selection.volumeNames());
            var incremental = mode == null ? config.incrementalEnabled() : mode.equals("incremental");
            decision = incremental
                    ? bases.choose(
                            selection.volumeNames(),
                            selection.paths(),
                            config.fullEveryDays(),
                            config.fullEveryIncrements())
                    : IncrementBases.Decision.full(null);
            backup = reserve(type, description, codec, selection, actor, location, schedule, decision);
        }
        if (decision.reason() != null) {
            var id = backup.id();
            LOG.info(() -> "Backup " + id + " is a full backup instead of an increment: " + decision.reason());
        }
        var spec = new ArchiveSpec(
                backup.id(),
                location,
                selection.sources(),
                config.excludePatterns(),
                codec,
                level,
                type.wireName(),
                description,
                backup.startedAt(),
                selection.volumeNames(),
                selection.paths(),
                selection.warnings(),
                installation == null ? null : installation.id(),
                schedule,
                decision.spec());
        // Renewed from now on, not only once the job runs: a job waiting for a thread must not look abandoned.
        var lease = leases.hold(backup.id());
        try {
            jobs.execute(() -> run(backup, spec, actor, lease));
        } catch (RuntimeException e) {
            lease.close();
            catalog.changeRunning(backup.id(), b -> b.failed("Could not start: " + e.getMessage(), clock.instant()));
            throw e;
        }
        return new Started(backup, decision.reason());
    }

    /** Stores the new backup under a fresh id. */
    private Backup reserve(
            BackupType type,
            String description,
            Codec codec,
            BackupSources.Selection selection,
            String actor,
            Path location,
            String schedule,
            IncrementBases.Decision decision) {
        for (int attempt = 1; ; attempt++) {
            var candidate = Backup.started(
                    ids.next(catalog::exists),
                    type,
                    description,
                    codec,
                    selection.volumeNames(),
                    selection.paths(),
                    actor,
                    node.name(),
                    location.toString(),
                    clock.instant());
            candidate.forSchedule(schedule);
            if (decision.incremental()) {
                candidate.incrementOf(decision.base().id(), decision.holders());
            }
            candidate.leaseUntil(leases.fromNow());
            try {
                catalog.add(candidate);
                return candidate;
            } catch (RuntimeException e) {
                // Another server stored the same id in the same second (two schedules firing in one minute on two
                // servers): the next id, which now sees that one, is free.
                if (attempt >= MAX_ID_ATTEMPTS || !causedByDuplicateKey(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean causedByDuplicateKey(Throwable e) {
        for (var cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A running backup reserves its volumes, but only while its server renews its lease: one whose lease has run
     * out is failed here and then, so a dead server's backup holds no volume.
     */
    private void rejectOverlapWithRunning(List<String> volumes) {
        var wanted = new HashSet<>(volumes);
        for (var running : catalog.withStatus(BackupStatus.RUNNING)) {
            if (leases.expireIfLapsed(running)) {
                continue;
            }
            var shared = running.volumes().stream().filter(wanted::contains).toList();
            if (!shared.isEmpty() || (volumes.isEmpty() && running.volumes().isEmpty())) {
                throw new BackupRunning(
                        "Backup " + running.id() + " is already running on volume(s) " + String.join(", ", shared));
            }
        }
    }

    private void run(Backup backup, ArchiveSpec spec, String actor, BackupLeases.Lease held) {
        var id = backup.id();
        // Whether this job wrote the outcome: not when another server failed the backup after its lease lapsed.
        boolean recorded;
        Path produced = null;
        ContainerReport[] report = {ContainerReport.EMPTY};
        try (var lease = held) {
            try {
                if (Files.exists(spec.destination()) && !Files.isDirectory(spec.destination())) {
                    throw new IOException("Backup location " + spec.destination() + " exists but is not a folder");
                }
                requireReachable(backup, spec.destination());
                // A level stored before this heap was set (or on a server with more) fails clearly, not out of memory.
                spec.codec()
                        .heapProblem(spec.level(), Runtime.getRuntime().maxMemory())
                        .ifPresent(problem -> {
                            throw new InvalidBackupRequest(problem);
                        });
                DurableFiles.createPrivateDirectories(spec.destination());
                var result = archive(spec, progressWriter(id, spec.destination(), lease), report);
                lease.close();
                produced = result.archive();
                var json = report[0].isEmpty() ? null : report[0].toJson().toString();
                var increment = result.sidecar().incremental();
                recorded = catalog.changeRunning(id, b -> {
                    // What the archive really references, which may be less than what was held while it ran.
                    if (increment != null) {
                        b.incrementOf(increment.baseId(), increment.dependsOn());
                    } else {
                        b.full();
                    }
                    b.archived(
                            result.archive().getFileName().toString(),
                            result.sidecar().archiveSize(),
                            result.sidecar().archiveSha256(),
                            result.sidecar().filesCount(),
                            result.warnings(),
                            clock.instant());
                    b.containersHandled(json);
                });
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                // Out of memory in this job (a large allocation failed) is this backup's failure, said as such,
                // rather than a job that vanishes and is failed later for a lapsed lease.
                LOG.log(
                        Level.WARNING,
                        "Backup " + id + " failed: " + e.getMessage(),
                        e instanceof ArchiveWriteException ? null : e);
                var reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                var json = report[0].isEmpty() ? null : report[0].toJson().toString();
                recorded = catalog.changeRunning(id, b -> {
                    b.failed(reason, clock.instant());
                    b.containersHandled(json);
                });
            }
        }
        if (containers != null) {
            try {
                containers.reported(id, report[0], actor);
            } catch (RuntimeException e) {
                // The outcome is recorded; an audit row that cannot be written must not keep the others from it.
                LOG.log(Level.WARNING, "Could not audit what backup " + id + " did to containers: " + e.getMessage());
            }
        }
        if (!recorded) {
            LOG.warning(() -> "Backup " + id + " was failed by another server meanwhile; its outcome is dropped");
            if (produced != null) {
                discard(id, spec.destination(), produced);
            }
            return;
        }
        catalog.find(id).ifPresent(done -> {
            var event = BackupFinished.of(done, actor);
            // Retention and metrics follow on this thread; mail and uploads go on their own.
            finished.fire(event);
            finished.fireAsync(event);
        });
    }

    /**
     * Writes the archive; with the Engine at hand, the volumes' labelled containers are stopped, paused or asked
     * for dumps around the reading of each volume, and whatever is still stopped when the archive ends is started
     * again before this returns. What was done to containers lands in {@code report[0]} and in the sidecar.
     */
    private com.opscenter.archive.ArchiveResult archive(
            ArchiveSpec spec, Archiver.ProgressListener progress, ContainerReport[] report) throws IOException {
        // Decided when the archive starts, from the configuration and key material in force then.
        var encrypted =
                encryption == null ? null : encryption.forLocalArchives().orElse(null);
        // The catalog's clock, so the sidecar's completed_at is on the same clock as the backup's timestamp.
        var archiver = new Archiver(engineThreads, EngineOptions.defaults(), clock);
        if (containers == null) {
            return archiver.create(spec, encrypted, progress);
        }
        com.opscenter.archive.ArchiveResult result;
        try (var consistent = containers.begin(spec.id(), spec.destination())) {
            var planned = consistent.plan(spec.sources());
            try {
                result = archiver.create(spec.withSources(planned, consistent.warnings()), encrypted, progress);
            } finally {
                consistent.close();
                report[0] = consistent.report();
            }
        }
        if (!report[0].isEmpty()) {
            result.sidecar().withContainers(report[0].toJson()).write(spec.destination());
        }
        return result;
    }

    /**
     * A configuration stored before the roots existed, or before they were narrowed, may name folders the server
     * must not touch: the backup fails saying which, rather than read or write them.
     */
    private void requireReachable(Backup backup, Path location) {
        var reach = settings.reach();
        try {
            reach.requireBackupLocation(location);
            for (var path : backup.paths()) {
                reach.requireIncludePath(Path.of(path), location);
            }
        } catch (InvalidBackupRequest e) {
            throw new InvalidBackupRequest(
                    "Refused by the configured roots, change the backup configuration: " + e.getMessage());
        }
    }

    /**
     * The catalog already says failed and everyone was told so; an archive nobody catalogues would only take
     * space, so it goes, with its sidecar and index.
     */
    private static void discard(String id, Path folder, Path archive) {
        for (var file : List.of(archive, BackupSidecar.fileFor(folder, id), ArchiveFormat.indexPath(folder, id))) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Could not remove " + file + ": " + e.getMessage());
            }
        }
    }

    /**
     * Writes progress to the catalog at most once a second, and stops the job when the backup disk cannot hold the
     * data in the worst case (incompressible content): before the sources are counted, the first file's report
     * checks room for what the archive may write until then ({@link Archiver#ARCHIVED_BEFORE_TOTALS}), and the
     * first report with the totals checks room for all of them.
     */
    private Archiver.ProgressListener progressWriter(String id, Path location, BackupLeases.Lease lease) {
        return new Archiver.ProgressListener() {
            private long lastWrite;
            private boolean roomBeforeTotalsChecked;
            private boolean spaceChecked;

            @Override
            public void onProgress(Archiver.Progress progress) {
                if (lease.lost()) {
                    throw new IllegalStateException(
                            "Another server failed backup " + id + " after this server's lease on it lapsed");
                }
                if (!progress.totalsKnown()) {
                    if (!roomBeforeTotalsChecked) {
                        roomBeforeTotalsChecked = true;
                        requireSpace(
                                location,
                                Archiver.ARCHIVED_BEFORE_TOTALS,
                                "before its sources are counted it may write");
                    }
                    return; // no figures for the catalog until there is a total to set them against
                }
                if (!spaceChecked) {
                    spaceChecked = true;
                    requireSpace(location, progress.bytesTotal(), "the sources hold");
                }
                var now = clock.millis();
                // The final figures arrive with the outcome; in between, once a second is enough.
                if (now - lastWrite >= PROGRESS_INTERVAL_MILLIS) {
                    lastWrite = now;
                    catalog.progress(
                            id,
                            progress.bytesDone(),
                            progress.bytesTotal(),
                            progress.filesDone(),
                            progress.filesTotal());
                }
            }
        };
    }

    private void requireSpace(Path location, long bytesNeeded, String needFor) {
        long usable;
        try {
            usable = Files.getFileStore(location).getUsableSpace();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read free space of " + location + ": " + e.getMessage(), e);
        }
        if (usable < bytesNeeded + settings.minFreeBytes()) {
            throw new IllegalStateException("Not enough space in " + location + ": " + needFor + " " + bytesNeeded
                    + " bytes, " + usable + " bytes are free and " + settings.minFreeBytes() + " must stay free");
        }
    }
}
