package com.opscenter.cloud.control;

import com.opscenter.archive.format.BackupSidecar;
import com.opscenter.audit.control.AuditEvent;
import com.opscenter.audit.entity.AuditOutcome;
import com.opscenter.backups.control.ArchiveMissing;
import com.opscenter.backups.control.BackupArchives;
import com.opscenter.backups.control.BackupEncryption;
import com.opscenter.backups.control.BackupFinished;
import com.opscenter.backups.control.BackupLeases;
import com.opscenter.backups.control.BackupNotFound;
import com.opscenter.backups.control.BackupUsage;
import com.opscenter.backups.control.BackupWithoutArchive;
import com.opscenter.cloud.entity.CloudCopy;
import com.opscenter.cloud.entity.CloudState;
import com.opscenter.platform.control.NodeIdentity;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Gets every completed backup into the bucket of every cloud target: archive first, sidecar last, so a sidecar in
 * a bucket always means a complete copy. Each target has its own lane: one upload at a time per target, queued
 * without holding a thread ({@link SerialLane}), so a target that is down or slow delays only its own uploads.
 * The lanes run on the executor {@code concurrent/cloudUploads} (server.xml). A failed attempt leaves the local
 * backup untouched, aborts its multipart upload, and is retried with exponential backoff unless retrying cannot
 * help (rejected credentials, a missing bucket); every attempt's outcome, per target, is an event that audit,
 * metrics and mail observe.
 */
@ApplicationScoped
public class CloudUploads {

    private static final Logger LOG = Logger.getLogger(CloudUploads.class.getName());
    private static final long PROGRESS_INTERVAL_MILLIS = 500;

    /** As for backups (BackupLeases): a row from before leases is left alone for a day after its last change. */
    private static final Duration LEASELESS = Duration.ofDays(1);

    private CloudSettings settings;
    private CloudTargets targets;
    private CloudCopyStore copies;
    private BackupArchives archives;

    /** The schedules, whose cloud_targets say where their backups go; null in unit tests: every target. */
    @Inject
    com.opscenter.backups.control.BackupSchedules schedules;

    /** Encrypts the copy when the configuration says {@code cloud}; null in unit tests: never. */
    @Inject
    BackupEncryption encryption;

    private BackupUsage usage;
    private NodeIdentity node;
    private BackupLeases leases;
    private Event<CloudUploadFinished> finished;
    private Event<AuditEvent> audit;
    private Clock clock;

    /** Runs the targets' lanes; each lane takes one of its threads at most. */
    @Resource(lookup = "concurrent/cloudUploads")
    ManagedExecutorService laneThreads;

    @Resource
    ManagedScheduledExecutorService scheduler;

    /** Where the lanes run and retries wait: the container's executors, or plain ones in unit tests. */
    private Executor uploadThreads;

    private ScheduledExecutorService retryTimer;

    private final Map<String, SerialLane> lanes = new ConcurrentHashMap<>();

    /** For the container's client proxy only. */
    protected CloudUploads() {}

    @Inject
    public CloudUploads(
            @ConfigProperties CloudSettings settings,
            CloudTargets targets,
            CloudCopyStore copies,
            BackupArchives archives,
            BackupUsage usage,
            NodeIdentity node,
            BackupLeases leases,
            Event<CloudUploadFinished> finished,
            Event<AuditEvent> audit,
            Clock clock) {
        this.settings = settings;
        this.targets = targets;
        this.copies = copies;
        this.archives = archives;
        this.usage = usage;
        this.node = node;
        this.leases = leases;
        this.finished = finished;
        this.audit = audit;
        this.clock = clock;
    }

    /** Outside the container: the lanes' executor and the retry timer from the caller. */
    CloudUploads(
            CloudSettings settings,
            CloudTargets targets,
            CloudCopyStore copies,
            BackupArchives archives,
            BackupUsage usage,
            NodeIdentity node,
            BackupLeases leases,
            Event<CloudUploadFinished> finished,
            Event<AuditEvent> audit,
            Clock clock,
            ExecutorService uploadThreads,
            ScheduledExecutorService retryTimer) {
        this(settings, targets, copies, archives, usage, node, leases, finished, audit, clock);
        this.uploadThreads = uploadThreads;
        this.retryTimer = retryTimer;
    }

    @PostConstruct
    void useContainerExecutors() {
        uploadThreads = laneThreads;
        retryTimer = scheduler;
    }

    /** Uploads queued or running here, by {@link #key}. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    /** Uploads of this server that another server took over after their lease lapsed: they stop. */
    private final Set<String> takenFromUs = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean renewing = new AtomicBoolean();

    /** The encrypted copies being uploaded, shared by the targets: one per backup, kept while any uploads it. */
    private final SharedEncryption encryptedCopies =
            new SharedEncryption((archive, sidecar) -> encryption.forUpload(archive, sidecar), this::uploadingAnywhere);

    /** Whether an upload of the backup to any target is queued or running here. */
    private boolean uploadingAnywhere(String backupId) {
        return inFlight.stream().anyMatch(k -> k.endsWith("/" + backupId));
    }

    private static String key(CloudTarget target, String backupId) {
        return target.name() + "/" + backupId;
    }

    private SerialLane lane(CloudTarget target) {
        return lanes.computeIfAbsent(target.name(), name -> new SerialLane(uploadThreads));
    }

    void afterBackup(@ObservesAsync BackupFinished backup) {
        if (backup.succeeded() && settings.enabled()) {
            var schedule = scheduleOf(backup.backupId());
            // Every target is marked first and only then started, so an encrypted copy made for the first is still
            // there for the others (SharedEncryption).
            var prepared = new java.util.ArrayList<CloudTarget>();
            for (var target : targets.all()) {
                if (schedule.isPresent() && !schedule.get().copiesTo(target.name())) {
                    continue;
                }
                try {
                    prepare(target, backup.backupId(), "system", true);
                    prepared.add(target);
                } catch (RuntimeException e) {
                    LOG.warning(() -> "Backup " + backup.backupId() + " was not queued for upload to " + target.name()
                            + ": " + e.getMessage());
                }
            }
            prepared.forEach(target -> lane(target).submit(() -> attempt(target, backup.backupId(), "system")));
        }
    }

    /** The schedule the backup was taken for, if it still exists; its cloud_targets choose the copies. */
    private java.util.Optional<com.opscenter.backups.control.Schedule> scheduleOf(String backupId) {
        if (schedules == null) {
            return java.util.Optional.empty();
        }
        try {
            var name = archives.backup(backupId).schedule();
            return name == null ? java.util.Optional.empty() : schedules.find(name);
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Starts an upload to every target that is not uploading the backup already; the state shows {@code
     * uploading} at once. Answers the first target's copy (or the first one queued); refused when every target is
     * uploading it already.
     */
    public CloudCopy queue(String backupId, String actor) {
        if (!settings.enabled()) {
            throw new CloudDisabledException();
        }
        CloudCopy answer = null;
        UploadInProgress busy = null;
        // Every target is marked first and only then started (as after a backup); whatever is marked is started.
        var prepared = new java.util.ArrayList<CloudTarget>();
        try {
            for (var target : targets.all()) {
                try {
                    var copy = prepare(target, backupId, actor, true);
                    prepared.add(target);
                    answer = answer == null ? copy : answer;
                } catch (UploadInProgress e) {
                    busy = busy == null ? e : busy;
                }
            }
        } finally {
            prepared.forEach(target -> lane(target).submit(() -> attempt(target, backupId, actor)));
        }
        if (answer == null) {
            throw busy != null ? busy : new UploadInProgress("Backup " + backupId + " is being uploaded already");
        }
        return answer;
    }

    /** Starts an upload to one target in the background. */
    public CloudCopy queue(CloudTarget target, String backupId, String actor) {
        var copy = prepare(target, backupId, actor, true);
        lane(target).submit(() -> attempt(target, backupId, actor));
        return copy;
    }

    /**
     * Uploads to one target now and answers with the outcome (sync): the caller waits for its turn and the
     * transfer. Never call it from an upload task, which would wait for itself.
     */
    public CloudUploadFinished uploadNow(CloudTarget target, String backupId, String actor) {
        prepare(target, backupId, actor, true);
        var outcome = lane(target).submit(() -> attempt(target, backupId, actor));
        try {
            return outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (outcome.cancel(false)) {
                inFlight.remove(key(target, backupId));
                return failed(
                        target, backupId, actor, new CloudFailure("Upload of " + backupId + " was interrupted", false));
            }
            // Started already: it runs to its end and records its own outcome.
            throw new CloudFailure("Upload of " + backupId + " was interrupted while it ran", false);
        } catch (java.util.concurrent.CancellationException e) {
            throw new CloudFailure("Upload of " + backupId + " was cancelled", false);
        } catch (ExecutionException e) {
            // attempt() turns every failure into an outcome; anything else is a bug worth its stack trace.
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /** Whether the backup is being uploaded to any target. */
    public boolean uploading(String backupId) {
        return targets.all().stream().anyMatch(t -> uploading(t, backupId));
    }

    public boolean uploading(CloudTarget target, String backupId) {
        return inFlight.contains(key(target, backupId));
    }

    /**
     * Marks the upload as queued; for an increment, first queues the backups it depends on that the target lacks,
     * so they run ahead of it in the target's lane.
     */
    private CloudCopy prepare(CloudTarget target, String backupId, String actor, boolean withChain) {
        if (!settings.enabled()) {
            throw new CloudDisabledException();
        }
        var backup = archives.backup(backupId);
        var archive = archives.archive(backup);
        var key = key(target, backupId);
        if (!inFlight.add(key)) {
            throw new UploadInProgress("Backup " + backupId + " is being uploaded already"
                    + (targets.several() ? " to " + target.name() : ""));
        }
        try {
            if (withChain) {
                queueChain(target, backup, actor);
            }
            var size = archive.toFile().length();
            startRenewing();
            takenFromUs.remove(key);
            return copies.change(
                    target.name(), backupId, c -> c.queued(size, node.name(), leases.fromNow(), clock.instant()));
        } catch (RuntimeException e) {
            inFlight.remove(key);
            throw e;
        }
    }

    /**
     * Keeps the chain whole on the target: every backup the increment depends on (and, for one that is itself an
     * increment, every backup that one depends on) with no copy there, uploaded or under way, is queued for it
     * now, oldest first and ahead of the increment in the lane, which runs one upload at a time in order; so the
     * increment's copy there restores from that bucket alone. A backup that is neither on local disk nor on the
     * target cannot be sent; the increment still goes, and the log says its copy there does not restore alone.
     */
    private void queueChain(CloudTarget target, com.opscenter.backups.entity.Backup increment, String actor) {
        // The whole chain is decided before any of it is queued: a holder whose attempt ends at once is not queued
        // a second time for the next increment of the chain.
        var toSend = new java.util.TreeSet<String>();
        var seen = new java.util.HashSet<String>();
        var pending = new java.util.ArrayDeque<>(increment.dependsOn());
        while (!pending.isEmpty()) {
            var holder = pending.pop();
            if (!seen.add(holder) || uploading(target, holder) || copiedTo(target, holder)) {
                continue;
            }
            var local = archives.onDisk(holder);
            if (local.isEmpty()) {
                LOG.warning(() -> "Backup " + increment.id() + " depends on " + holder + ", which is neither on this"
                        + " server's disk nor" + (targets.several() ? " on target " + target.name() : " in the cloud")
                        + ": its copy there cannot be restored alone");
                continue;
            }
            toSend.add(holder);
            pending.addAll(local.get().dependsOn());
        }
        // Ids name their start time: in id order, each goes up after the backups it depends on.
        for (var holder : toSend) {
            try {
                prepare(target, holder, actor, false);
                lane(target).submit(() -> attempt(target, holder, actor));
                LOG.info(() -> "Backup " + holder + " queued for upload" + where(target) + " ahead of " + increment.id()
                        + ", which depends on it");
            } catch (UploadInProgress e) {
                // Queued by someone else a moment ago: ahead in the lane all the same.
            } catch (RuntimeException e) {
                LOG.warning(() -> "Backup " + holder + ", which " + increment.id() + " depends on, was not queued"
                        + " for upload" + where(target) + ": " + e.getMessage());
            }
        }
    }

    /** Whether the target has the backup's copy, or one is being made (possibly by another server). */
    private boolean copiedTo(CloudTarget target, String backupId) {
        return copies.find(target.name(), backupId)
                .map(c -> c.state() == CloudState.UPLOADED || c.state() == CloudState.UPLOADING)
                .orElse(false);
    }

    private CloudUploadFinished attempt(CloudTarget target, String backupId, String actor) {
        CloudUploadFinished outcome;
        var key = key(target, backupId);
        try {
            startRenewing();
            takenFromUs.remove(key);
            var me = node.name();
            var copy = copies.change(target.name(), backupId, c -> {
                if (c.node() == null || me.equals(c.node())) {
                    c.attemptStarted(me, leases.fromNow(), clock.instant());
                }
            });
            if (!me.equals(copy.node())) {
                throw new CloudFailure(
                        "Server " + copy.node() + " has taken the upload of " + backupId + " over", true);
            }
            outcome = transfer(target, backupId, copy, actor);
        } catch (CloudFailure e) {
            outcome = failed(target, backupId, actor, e);
        } catch (BackupNotFound | BackupWithoutArchive | ArchiveMissing e) {
            // The backup was deleted, or its archive vanished, while it waited: nothing to retry.
            outcome = failed(
                    target,
                    backupId,
                    actor,
                    new CloudFailure("The local backup is no longer available: " + e.getMessage(), true));
        } catch (IOException | RuntimeException e) {
            outcome = failed(
                    target, backupId, actor, target.store().errorsOrPlain().translate("Uploading " + backupId, e));
        } finally {
            inFlight.remove(key);
            encryptedCopies.dropUnlessUploading(backupId);
        }
        if (!takenOver(target, backupId)) {
            finished.fire(outcome);
            finished.fireAsync(outcome);
        }
        return outcome;
    }

    private CloudUploadFinished transfer(CloudTarget target, String backupId, CloudCopy copy, String actor)
            throws IOException {
        // While it uploads, the backup cannot be deleted or expire under the uploader's feet.
        try (var use = usage.begin(backupId, BackupUsage.Use.UPLOADING)) {
            return transferInUse(target, backupId, copy, actor);
        }
    }

    private CloudUploadFinished transferInUse(CloudTarget target, String backupId, CloudCopy copy, String actor)
            throws IOException {
        var store = target.store();
        var backup = archives.backup(backupId);
        var archive = archives.archive(backup);
        store.requireBucket();
        var uploader = store.uploader();
        var archiveKey = store.key(backup.archiveFile());
        // An earlier attempt, or a crash, may have left a multipart upload open; it would cost storage forever.
        uploader.abortAllUnder(archiveKey);
        if (copy.uploadId() != null) {
            copies.change(target.name(), backupId, CloudCopy::staleUploadCleared);
        }
        var sidecar = BackupSidecar.fileFor(Path.of(backup.location()), backupId);
        // With encryption "cloud", a plain local archive goes up as an encrypted copy, with a sidecar describing it;
        // encrypted once for every target that uploads it meanwhile (SharedEncryption).
        try (var use = encryption == null ? null : encryptedCopies.use(backupId, archive, sidecar)) {
            var encrypted = use == null ? null : use.copy();
            if (encrypted != null) {
                archiveKey = store.key(encrypted.sidecar().archiveFile());
                uploader.abortAllUnder(archiveKey);
            }
            var sha256 =
                    encrypted == null ? backup.sha256() : encrypted.sidecar().archiveSha256();
            var metadata = Map.of("sha256", sha256, "backup-id", backupId);
            var uploaded = uploader.upload(
                    encrypted == null ? archive : encrypted.archive(),
                    archiveKey,
                    encrypted != null || backup.archiveFile().endsWith(".gpg")
                            ? "application/pgp-encrypted"
                            : backup.codec().mediaType(),
                    metadata,
                    progressWriter(target, backupId));
            uploader.upload(
                    encrypted == null ? sidecar : encrypted.sidecarFile(),
                    store.key(sidecar.getFileName().toString()),
                    "application/json",
                    Map.of(),
                    (sent, total) -> {});
            return uploaded(target, backupId, copy, actor, archiveKey, uploaded);
        }
    }

    private CloudUploadFinished uploaded(
            CloudTarget target,
            String backupId,
            CloudCopy copy,
            String actor,
            String archiveKey,
            MultipartUploader.Uploaded uploaded) {
        copies.change(target.name(), backupId, c -> c.uploaded(archiveKey, uploaded.etag(), clock.instant()));
        audit.fire(AuditEvent.of(
                actor,
                "cloud.upload",
                backupId,
                AuditOutcome.SUCCESS,
                null,
                "Uploaded " + uploaded.size() + " bytes to " + archiveKey + where(target) + " in " + uploaded.parts()
                        + " part(s)"));
        LOG.info(() -> "Backup " + backupId + " uploaded to " + archiveKey + where(target));
        return new CloudUploadFinished(
                backupId, true, uploaded.size(), copy.attempts(), null, null, actor, target.name());
    }

    /** " on target x" when there are several, so one target's record reads as before. */
    private String where(CloudTarget target) {
        return targets.several() ? " on target " + target.name() : "";
    }

    /** True when another server took this upload over; then its outcome is theirs to record and announce. */
    private boolean takenOver(CloudTarget target, String backupId) {
        return copies.find(target.name(), backupId)
                .map(c -> c.node() != null && !node.name().equals(c.node()))
                .orElse(false);
    }

    private CloudUploadFinished failed(CloudTarget target, String backupId, String actor, CloudFailure failure) {
        var store = target.store();
        store.forgetCheck();
        var reason = store.redact(failure.getMessage());
        if (takenOver(target, backupId)) {
            LOG.warning(() -> "Upload of " + backupId + where(target) + " stopped here (" + reason
                    + "); another server has it now");
            return new CloudUploadFinished(backupId, false, 0, 0, reason, null, actor, target.name());
        }
        var attempts =
                copies.find(target.name(), backupId).map(CloudCopy::attempts).orElse(1);
        Instant retryAt = null;
        if (!failure.permanent() && attempts < settings.maxAttempts()) {
            var delay = settings.retryDelay().multipliedBy(1L << Math.min(10, attempts - 1));
            retryAt = clock.instant().plus(delay);
            scheduleRetry(target, backupId, delay);
        }
        var next = retryAt;
        copies.change(target.name(), backupId, c -> c.failed(reason, next, failure.staleUploadId(), clock.instant()));
        audit.fire(AuditEvent.of(
                actor,
                "cloud.upload",
                backupId,
                AuditOutcome.FAILURE,
                null,
                reason
                        + where(target)
                        + (next == null
                                ? " (no further attempt)"
                                : " (attempt " + attempts + ", next at " + next + ")")));
        LOG.warning(() -> "Upload of " + backupId + where(target) + " failed (attempt " + attempts + "): " + reason);
        return new CloudUploadFinished(backupId, false, 0, attempts, reason, next, actor, target.name());
    }

    void scheduleRetry(CloudTarget target, String backupId, Duration delay) {
        var key = key(target, backupId);
        retryTimer.schedule(
                () -> {
                    var copy = copies.find(target.name(), backupId);
                    if (copy.isEmpty()
                            || copy.get().state() != CloudState.FAILED
                            || copy.get().nextAttemptAt() == null
                            || inFlight.contains(key)) {
                        return; // uploaded by hand meanwhile, deleted, or given up
                    }
                    try {
                        if (inFlight.add(key)) {
                            lane(target).submit(() -> attempt(target, backupId, "system"));
                        }
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Retry of the upload of " + backupId + " failed to start", e);
                    }
                },
                Math.max(0, delay.toMillis()),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Renews, four times per lease (backup.lease), the lease of every upload this server has queued or running,
     * on a timer of its own: a large part in flight gives no progress for a long while.
     */
    private void startRenewing() {
        if (renewing.compareAndSet(false, true)) {
            var every = leases.renewalInterval().toMillis();
            retryTimer.scheduleAtFixedRate(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** One round of renewals; public for the timer and for tests. */
    public void renewLeases() {
        for (var target : targets.all()) {
            for (var key : inFlight) {
                if (!key.startsWith(target.name() + "/")) {
                    continue;
                }
                var backupId = key.substring(target.name().length() + 1);
                try {
                    if (!copies.renewLease(target.name(), backupId, node.name(), leases.fromNow())) {
                        // Not uploading yet (a retry waiting its turn holds no lease), or taken over by another
                        // server.
                        copies.find(target.name(), backupId)
                                .filter(c -> c.state() == CloudState.UPLOADING
                                        && !node.name().equals(c.node()))
                                .ifPresent(c -> {
                                    takenFromUs.add(key);
                                    LOG.warning(() ->
                                            "Upload of " + backupId + where(target) + " was taken over by " + c.node());
                                });
                    }
                } catch (RuntimeException e) {
                    // The database may be away for a moment; the next round tries again. An exception would end
                    // the repetition for good.
                    LOG.log(Level.WARNING, "Could not renew the lease of the upload of " + backupId, e);
                }
            }
        }
    }

    /**
     * Takes over every upload another server left in progress without renewing its lease (it died, or came back
     * under another name): each becomes this server's, failed with a retry due now. One conditional update per
     * upload, so no two servers ever upload the same backup to a target. Judged by this server's clock against
     * the owner's: the clocks are assumed to agree to well within a lease (NTP).
     */
    public int takeOverLapsed() {
        if (!settings.enabled()) {
            return 0;
        }
        var now = clock.instant();
        var me = node.name();
        int taken = 0;
        for (var target : targets.all()) {
            for (var copy : copies.inState(target.name(), CloudState.UPLOADING)) {
                if (me.equals(copy.node()) || !copy.leaseExpired(now, LEASELESS)) {
                    continue;
                }
                var lapsedAt = copy.leaseUntil() != null
                        ? copy.leaseUntil()
                        : copy.updatedAt().plus(LEASELESS);
                var reason = "Interrupted: server " + copy.node() + " stopped renewing its lease at " + lapsedAt;
                if (copies.takeOver(
                        target.name(), copy.backupId(), copy.node(), me, now, now.minus(LEASELESS), reason)) {
                    LOG.warning(() -> "Upload of " + copy.backupId() + where(target) + " taken over: " + reason);
                    scheduleRetry(target, copy.backupId(), Duration.ZERO);
                    taken++;
                }
            }
        }
        return taken;
    }

    /** At start-up: uploads a stop interrupted, and retries that were planned, are picked up again. */
    public void resume() {
        if (!settings.enabled()) {
            return;
        }
        var now = clock.instant();
        for (var target : targets.all()) {
            for (var copy : copies.inState(target.name(), CloudState.UPLOADING)) {
                // Rows from before leases carry the name servers had then.
                var mine = node.name().equals(copy.node())
                        || (copy.leaseUntil() == null && node.legacyName().equals(copy.node()));
                if (mine) {
                    copies.change(
                            target.name(),
                            copy.backupId(),
                            c -> c.takenOver(node.name(), "Interrupted: the server stopped during the upload", now));
                    scheduleRetry(target, copy.backupId(), Duration.ZERO);
                }
            }
            for (var copy : copies.inState(target.name(), CloudState.FAILED)) {
                if (copy.nextAttemptAt() != null && node.name().equals(copy.node())) {
                    scheduleRetry(target, copy.backupId(), Duration.between(now, copy.nextAttemptAt()));
                }
            }
        }
    }

    private MultipartUploader.Progress progressWriter(CloudTarget target, String backupId) {
        var key = key(target, backupId);
        return new MultipartUploader.Progress() {
            private long lastWrite;

            @Override
            public void sent(long bytesSent, long bytesTotal) {
                var now = clock.millis();
                if (now - lastWrite >= PROGRESS_INTERVAL_MILLIS) {
                    lastWrite = now;
                    copies.change(target.name(), backupId, c -> c.progress(bytesSent, clock.instant()));
                }
                if (takenFromUs.contains(key)) {
                    throw new CloudFailure(
                            "Another server took the upload of " + backupId + " over after this server's lease lapsed",
                            true);
                }
            }
        };
    }
}
