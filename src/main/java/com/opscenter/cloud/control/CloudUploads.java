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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Gets every completed backup into the bucket: archive first, sidecar last, so a sidecar in the bucket always
 * means a complete copy. One upload runs at a time: every attempt goes through an executor whose concurrency
 * policy (server.xml, {@code concurrent/cloudUploads}) runs one task and queues the rest without holding a
 * thread. A failed attempt leaves the local backup untouched, aborts its multipart upload, and is retried with
 * exponential backoff unless retrying cannot help (rejected credentials, a missing bucket); every attempt's
 * outcome is an event that audit, metrics and mail observe.
 */
@ApplicationScoped
public class CloudUploads {

    private static final Logger LOG = Logger.getLogger(CloudUploads.class.getName());
    private static final long PROGRESS_INTERVAL_MILLIS = 500;

    /** As for backups (BackupLeases): a row from before leases is left alone for a day after its last change. */
    private static final Duration LEASELESS = Duration.ofDays(1);

    private CloudSettings settings;
    private ObjectStore store;
    private CloudCopyStore copies;
    private BackupArchives archives;

    /** Encrypts the copy when the configuration says {@code cloud}; null in unit tests: never. */
    @Inject
    BackupEncryption encryption;

    private BackupUsage usage;
    private NodeIdentity node;
    private BackupLeases leases;
    private Event<CloudUploadFinished> finished;
    private Event<AuditEvent> audit;
    private Clock clock;

    /** At most one task at a time; the others wait in the executor's queue. */
    @Resource(lookup = "concurrent/cloudUploads")
    ManagedExecutorService oneAtATime;

    @Resource
    ManagedScheduledExecutorService scheduler;

    /** Where attempts run and retries wait: the container's executors, or plain ones in unit tests. */
    private ExecutorService uploadQueue;

    private ScheduledExecutorService retryTimer;

    /** For the container's client proxy only. */
    protected CloudUploads() {}

    @Inject
    public CloudUploads(
            @ConfigProperties CloudSettings settings,
            ObjectStore store,
            CloudCopyStore copies,
            BackupArchives archives,
            BackupUsage usage,
            NodeIdentity node,
            BackupLeases leases,
            Event<CloudUploadFinished> finished,
            Event<AuditEvent> audit,
            Clock clock) {
        this.settings = settings;
        this.store = store;
        this.copies = copies;
        this.archives = archives;
        this.usage = usage;
        this.node = node;
        this.leases = leases;
        this.finished = finished;
        this.audit = audit;
        this.clock = clock;
    }

    /** Outside the container: the attempts' executor (one task at a time) and the retry timer from the caller. */
    CloudUploads(
            CloudSettings settings,
            ObjectStore store,
            CloudCopyStore copies,
            BackupArchives archives,
            BackupUsage usage,
            NodeIdentity node,
            BackupLeases leases,
            Event<CloudUploadFinished> finished,
            Event<AuditEvent> audit,
            Clock clock,
            ExecutorService uploadQueue,
            ScheduledExecutorService retryTimer) {
        this(settings, store, copies, archives, usage, node, leases, finished, audit, clock);
        this.uploadQueue = uploadQueue;
        this.retryTimer = retryTimer;
    }

    @PostConstruct
    void useContainerExecutors() {
        uploadQueue = oneAtATime;
        retryTimer = scheduler;
    }

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    /** Uploads of this server that another server took over after their lease lapsed: they stop. */
    private final Set<String> takenFromUs = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean renewing = new AtomicBoolean();

    void afterBackup(@ObservesAsync BackupFinished backup) {
        if (backup.succeeded() && settings.enabled()) {
            try {
                queue(backup.backupId(), "system");
            } catch (RuntimeException e) {
                LOG.warning(() -> "Backup " + backup.backupId() + " was not queued for upload: " + e.getMessage());
            }
        }
    }

    /** Starts an upload in the background; the state shows {@code uploading} at once. */
    public CloudCopy queue(String backupId, String actor) {
        var copy = prepare(backupId);
        uploadQueue.submit(() -> attempt(backupId, actor));
        return copy;
    }

    /**
     * Uploads now and answers with the outcome (sync): the caller waits for its turn and the transfer. Never call
     * it from an upload task, which would wait for itself.
     */
    public CloudUploadFinished uploadNow(String backupId, String actor) {
        prepare(backupId);
        var outcome = uploadQueue.submit(() -> attempt(backupId, actor));
        try {
            return outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (outcome.cancel(false)) {
                inFlight.remove(backupId);
                return failed(backupId, actor, new CloudFailure("Upload of " + backupId + " was interrupted", false));
            }
            // Started already: it runs to its end and records its own outcome.
            throw new CloudFailure("Upload of " + backupId + " was interrupted while it ran", false);
        } catch (ExecutionException e) {
            // attempt() turns every failure into an outcome; anything else is a bug worth its stack trace.
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    public boolean uploading(String backupId) {
        return inFlight.contains(backupId);
    }

    private CloudCopy prepare(String backupId) {
        if (!settings.enabled()) {
            throw new CloudDisabledException();
        }
        var backup = archives.backup(backupId);
        var archive = archives.archive(backup);
        if (!inFlight.add(backupId)) {
            throw new UploadInProgress("Backup " + backupId + " is being uploaded already");
        }
        try {
            var size = archive.toFile().length();
            startRenewing();
            takenFromUs.remove(backupId);
            return copies.change(backupId, c -> c.queued(size, node.name(), leases.fromNow(), clock.instant()));
        } catch (RuntimeException e) {
            inFlight.remove(backupId);
            throw e;
        }
    }

    private CloudUploadFinished attempt(String backupId, String actor) {
        CloudUploadFinished outcome;
        try {
            startRenewing();
            takenFromUs.remove(backupId);
            var me = node.name();
            var copy = copies.change(backupId, c -> {
                if (c.node() == null || me.equals(c.node())) {
                    c.attemptStarted(me, leases.fromNow(), clock.instant());
                }
            });
            if (!me.equals(copy.node())) {
                throw new CloudFailure(
                        "Server " + copy.node() + " has taken the upload of " + backupId + " over", true);
            }
            outcome = transfer(backupId, copy, actor);
        } catch (CloudFailure e) {
            outcome = failed(backupId, actor, e);
        } catch (BackupNotFound | BackupWithoutArchive | ArchiveMissing e) {
            // The backup was deleted, or its archive vanished, while it waited: nothing to retry.
            outcome = failed(
                    backupId,
                    actor,
                    new CloudFailure("The local backup is no longer available: " + e.getMessage(), true));
        } catch (IOException | RuntimeException e) {
            outcome = failed(backupId, actor, store.errorsOrPlain().translate("Uploading " + backupId, e));
        } finally {
            inFlight.remove(backupId);
        }
        if (!takenOver(backupId)) {
            finished.fire(outcome);
            finished.fireAsync(outcome);
        }
        return outcome;
    }

    private CloudUploadFinished transfer(String backupId, CloudCopy copy, String actor) throws IOException {
        // While it uploads, the backup cannot be deleted or expire under the uploader's feet.
        try (var use = usage.begin(backupId, BackupUsage.Use.UPLOADING)) {
            return transferInUse(backupId, copy, actor);
        }
    }

    private CloudUploadFinished transferInUse(String backupId, CloudCopy copy, String actor) throws IOException {
        var backup = archives.backup(backupId);
        var archive = archives.archive(backup);
        store.requireBucket();
        var uploader = store.uploader();
        var archiveKey = store.key(backup.archiveFile());
        // An earlier attempt, or a crash, may have left a multipart upload open; it would cost storage forever.
        uploader.abortAllUnder(archiveKey);
        if (copy.uploadId() != null) {
            copies.change(backupId, CloudCopy::staleUploadCleared);
        }
        var sidecar = BackupSidecar.fileFor(Path.of(backup.location()), backupId);
        // With encryption "cloud", a plain local archive goes up as an encrypted copy, with a sidecar describing it.
        try (var encrypted = encryption == null
                ? null
                : encryption.forUpload(archive, sidecar).orElse(null)) {
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
                    progressWriter(backupId));
            uploader.upload(
                    encrypted == null ? sidecar : encrypted.sidecarFile(),
                    store.key(sidecar.getFileName().toString()),
                    "application/json",
                    Map.of(),
                    (sent, total) -> {});
            return uploaded(backupId, copy, actor, archiveKey, uploaded);
        }
    }

    private CloudUploadFinished uploaded(
            String backupId, CloudCopy copy, String actor, String archiveKey, MultipartUploader.Uploaded uploaded) {
        copies.change(backupId, c -> c.uploaded(archiveKey, uploaded.etag(), clock.instant()));
        audit.fire(AuditEvent.of(
                actor,
                "cloud.upload",
                backupId,
                AuditOutcome.SUCCESS,
                null,
                "Uploaded " + uploaded.size() + " bytes to " + archiveKey + " in " + uploaded.parts() + " part(s)"));
        LOG.info(() -> "Backup " + backupId + " uploaded to " + archiveKey);
        return new CloudUploadFinished(backupId, true, uploaded.size(), copy.attempts(), null, null, actor);
    }

    /** True when another server took this upload over; then its outcome is theirs to record and announce. */
    private boolean takenOver(String backupId) {
        return copies.find(backupId)
                .map(c -> c.node() != null && !node.name().equals(c.node()))
                .orElse(false);
    }

    private CloudUploadFinished failed(String backupId, String actor, CloudFailure failure) {
        store.forgetCheck();
        var reason = store.redact(failure.getMessage());
        if (takenOver(backupId)) {
            LOG.warning(() -> "Upload of " + backupId + " stopped here (" + reason + "); another server has it now");
            return new CloudUploadFinished(backupId, false, 0, 0, reason, null, actor);
        }
        var attempts = copies.find(backupId).map(CloudCopy::attempts).orElse(1);
        Instant retryAt = null;
        if (!failure.permanent() && attempts < settings.maxAttempts()) {
            var delay = settings.retryDelay().multipliedBy(1L << Math.min(10, attempts - 1));
            retryAt = clock.instant().plus(delay);
            scheduleRetry(backupId, delay);
        }
        var next = retryAt;
        copies.change(backupId, c -> c.failed(reason, next, failure.staleUploadId(), clock.instant()));
        audit.fire(AuditEvent.of(
                actor,
                "cloud.upload",
                backupId,
                AuditOutcome.FAILURE,
                null,
                reason
                        + (next == null
                                ? " (no further attempt)"
                                : " (attempt " + attempts + ", next at " + next + ")")));
        LOG.warning(() -> "Upload of " + backupId + " failed (attempt " + attempts + "): " + reason);
        return new CloudUploadFinished(backupId, false, 0, attempts, reason, next, actor);
    }

    void scheduleRetry(String backupId, Duration delay) {
        retryTimer.schedule(
                () -> {
                    var copy = copies.find(backupId);
                    if (copy.isEmpty()
                            || copy.get().state() != CloudState.FAILED
                            || copy.get().nextAttemptAt() == null
                            || inFlight.contains(backupId)) {
                        return; // uploaded by hand meanwhile, deleted, or given up
                    }
                    try {
                        if (inFlight.add(backupId)) {
                            uploadQueue.submit(() -> attempt(backupId, "system"));
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
        for (var backupId : inFlight) {
            try {
                if (!copies.renewLease(backupId, node.name(), leases.fromNow())) {
                    // Not uploading yet (a retry waiting its turn holds no lease), or taken over by another server.
                    copies.find(backupId)
                            .filter(c -> c.state() == CloudState.UPLOADING
                                    && !node.name().equals(c.node()))
                            .ifPresent(c -> {
                                takenFromUs.add(backupId);
                                LOG.warning(() -> "Upload of " + backupId + " was taken over by " + c.node());
                            });
                }
            } catch (RuntimeException e) {
                // The database may be away for a moment; the next round tries again. An exception would end
                // the repetition for good.
                LOG.log(Level.WARNING, "Could not renew the lease of the upload of " + backupId, e);
            }
        }
    }

    /**
     * Takes over every upload another server left in progress without renewing its lease (it died, or came back
     * under another name): each becomes this server's, failed with a retry due now. One conditional update per
     * upload, so no two servers ever upload the same backup. Judged by this server's clock against the owner's:
     * the clocks are assumed to agree to well within a lease (NTP).
     */
    public int takeOverLapsed() {
        if (!settings.enabled()) {
            return 0;
        }
        var now = clock.instant();
        var me = node.name();
        int taken = 0;
        for (var copy : copies.inState(CloudState.UPLOADING)) {
            if (me.equals(copy.node()) || !copy.leaseExpired(now, LEASELESS)) {
                continue;
            }
            var lapsedAt = copy.leaseUntil() != null
                    ? copy.leaseUntil()
                    : copy.updatedAt().plus(LEASELESS);
            var reason = "Interrupted: server " + copy.node() + " stopped renewing its lease at " + lapsedAt;
            if (copies.takeOver(copy.backupId(), copy.node(), me, now, now.minus(LEASELESS), reason)) {
                LOG.warning(() -> "Upload of " + copy.backupId() + " taken over: " + reason);
                scheduleRetry(copy.backupId(), Duration.ZERO);
                taken++;
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
        for (var copy : copies.inState(CloudState.UPLOADING)) {
            // Rows from before leases carry the name servers had then.
            var mine = node.name().equals(copy.node())
                    || (copy.leaseUntil() == null && node.legacyName().equals(copy.node()));
            if (mine) {
                copies.change(
                        copy.backupId(),
                        c -> c.takenOver(node.name(), "Interrupted: the server stopped during the upload", now));
                scheduleRetry(copy.backupId(), Duration.ZERO);
            }
        }
        for (var copy : copies.inState(CloudState.FAILED)) {
            if (copy.nextAttemptAt() != null && node.name().equals(copy.node())) {
                scheduleRetry(copy.backupId(), Duration.between(now, copy.nextAttemptAt()));
            }
        }
    }

    private MultipartUploader.Progress progressWriter(String backupId) {
        return new MultipartUploader.Progress() {
            private long lastWrite;

            @Override
            public void sent(long bytesSent, long bytesTotal) {
                var now = clock.millis();
                if (now - lastWrite >= PROGRESS_INTERVAL_MILLIS) {
                    lastWrite = now;
                    copies.change(backupId, c -> c.progress(bytesSent, clock.instant()));
                }
                if (takenFromUs.contains(backupId)) {
                    throw new CloudFailure(
                            "Another server took the upload of " + backupId + " over after this server's lease lapsed",
                            true);
                }
            }
        };
    }
}
