package com.opscenter.backups.control;

import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import com.opscenter.platform.control.NodeIdentity;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Who may still call a running backup theirs. The server running a backup renews its lease (backup.lease)
 * four times per lease, on a timer and not on progress (one large file gives none for a long time). Once the
 * lease has run out, any server fails the backup, removes its temporary files and announces the failure, so
 * a server that died, or came back under another host name, holds no volume forever.
 *
 * <p>Every server judges expiry by its own clock against the lease the owner wrote with its clock: the servers'
 * clocks are assumed to agree to well within a lease (NTP). A clock far ahead would fail live backups of others.
 */
@ApplicationScoped
public class BackupLeases {

    private static final Logger LOG = Logger.getLogger(BackupLeases.class.getName());

    /**
     * A running row from before leases existed has none. Its server, if it still runs the old version, cannot
     * renew, so it is left alone for a day after its start rather than one lease: a rolling upgrade must not
     * fail backups that are still being written, and a day is longer than an ordinary backup runs.
     */
    static final Duration LEASELESS = Duration.ofDays(1);

    @Resource
    ManagedScheduledExecutorService scheduler;

    private BackupCatalog catalog;
    private BackupSettings settings;
    private NodeIdentity node;
    private Event<BackupFinished> finished;
    private Clock clock;

    /** Where renewals wait: the container's scheduler, or one from a unit test. */
    private ScheduledExecutorService timer;

    /** For the container's client proxy only. */
    protected BackupLeases() {}

    @Inject
    public BackupLeases(
            BackupCatalog catalog,
            @ConfigProperties BackupSettings settings,
            NodeIdentity node,
            Event<BackupFinished> finished,
            Clock clock) {
        this.catalog = catalog;
        this.settings = settings;
        this.node = node;
        this.finished = finished;
        this.clock = clock;
    }

    /** Outside the container: renewals on the caller's timer. */
    public BackupLeases(
            BackupCatalog catalog,
            BackupSettings settings,
            NodeIdentity node,
            Event<BackupFinished> finished,
            Clock clock,
            ScheduledExecutorService timer) {
        this(catalog, settings, node, finished, clock);
        this.timer = timer;
    }

    @PostConstruct
    void useContainerScheduler() {
        timer = scheduler;
    }

    public Duration duration() {
        return settings.lease();
    }

    /** How often a lease is renewed, and how often expired ones are looked for (half a lease). */
    public Duration renewalInterval() {
        return max(duration().dividedBy(4), Duration.ofSeconds(1));
    }

    public Duration sweepInterval() {
        return max(duration().dividedBy(2), Duration.ofSeconds(1));
    }

    /** The lease a backup starting now gets. */
    public Instant fromNow() {
        return clock.instant().plus(duration());
    }

    /** Renews the lease of a backup this server runs until the returned lease is closed. */
    public Lease hold(String backupId) {
        var lease = new Lease(backupId);
        var every = renewalInterval().toMillis();
        lease.renewals = timer.scheduleAtFixedRate(lease::renew, every, every, TimeUnit.MILLISECONDS);
        return lease;
    }

    /**
     * At start-up this server runs nothing yet, so each backup still running under its name was interrupted:
     * failed at once, without waiting for its lease. Also under the name servers had before ids were kept, for
     * rows of that time (no lease), so a crash just before an upgrade is settled too.
     */
    public int failInterruptedOwn() {
        var me = node.name();
        var legacy = node.legacyName();
        int failed = 0;
        for (var running : catalog.withStatus(BackupStatus.RUNNING)) {
            var mine = running.node().equals(me)
                    || (running.leaseUntil() == null && running.node().equals(legacy));
            if (mine
                    && catalog.changeRunning(
                            running.id(),
                            b -> b.failed(
                                    "Interrupted: the server stopped while this backup was running",
                                    clock.instant()))) {
                LOG.warning(() -> "Backup " + running.id() + " was interrupted by a stop; marked failed");
                settle(running);
                failed++;
            }
        }
        return failed;
    }

    /** Fails every running backup of another server whose lease has run out; answers how many. */
    public int expireOthers() {
        int failed = 0;
        for (var running : catalog.withStatus(BackupStatus.RUNNING)) {
            if (expireIfLapsed(running)) {
                failed++;
            }
        }
        return failed;
    }

    /**
     * Fails {@code running} if it belongs to another server whose lease has run out; true if this call failed it.
     * Of several servers trying at once exactly one succeeds (a conditional update).
     */
    public boolean expireIfLapsed(Backup running) {
        var now = clock.instant();
        if (running.node().equals(node.name()) || !running.leaseExpired(now, LEASELESS)) {
            return false;
        }
        var lapsedAt = running.leaseUntil() != null
                ? running.leaseUntil()
                : running.startedAt().plus(LEASELESS);
        var reason = "Interrupted: server " + running.node() + " stopped renewing its lease at " + lapsedAt;
        if (!catalog.expireLease(running.id(), running.node(), now, now.minus(LEASELESS), reason)) {
            return false;
        }
        LOG.warning(() -> "Backup " + running.id() + " failed: " + reason);
        settle(running);
        return true;
    }

    /** Temporary files go where the folder is reachable from here; then everyone hears of the failure. */
    private void settle(Backup failed) {
        var folder = Path.of(failed.location());
        if (Files.isDirectory(folder)) {
            deleteQuietly(ArchiveFormat.tempArchivePath(folder, failed.id()));
            deleteQuietly(ArchiveFormat.tempManifestPath(folder, failed.id()));
            deleteQuietly(ArchiveFormat.tempIndexPath(folder, failed.id()));
        }
        catalog.find(failed.id()).ifPresent(done -> {
            var event = BackupFinished.of(done, done.createdBy());
            finished.fire(event);
            finished.fireAsync(event);
        });
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not remove " + file + ": " + e.getMessage());
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The lease of one running backup, renewed until closed; lost once another server has failed the backup. */
    public final class Lease implements AutoCloseable {

        private final String backupId;
        private volatile boolean lost;
        private volatile ScheduledFuture<?> renewals;

        private Lease(String backupId) {
            this.backupId = backupId;
        }

        /** One renewal; public for the timer and for tests. */
        public void renew() {
            if (lost) {
                return;
            }
            try {
                if (!catalog.renewLease(backupId, node.name(), fromNow())) {
                    lost = true;
                    LOG.warning(() -> "Backup " + backupId + " is no longer this server's: its lease lapsed");
                    close();
                }
            } catch (RuntimeException e) {
                // The database may be away for a moment; the next renewal tries again. An exception would end
                // the repetition for good.
                LOG.log(Level.WARNING, "Could not renew the lease of backup " + backupId + ": " + e.getMessage());
            }
        }

        public boolean lost() {
            return lost;
        }

        @Override
        public void close() {
            var scheduled = renewals;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }
}
