package com.opscenter.cloud.control;

import com.opscenter.backups.control.OffsiteCopies;
import com.opscenter.cloud.entity.CloudCopy;
import com.opscenter.cloud.entity.CloudState;
import com.opscenter.platform.entity.Columns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The state of each backup's copy on each cloud target, in the database. Short transactions only; no S3 call
 * happens here.
 */
@ApplicationScoped
@Transactional
public class CloudCopyStore {

    @PersistenceContext(unitName = "opscenter")
    EntityManager em;

    private Clock clock;

    /** For the container's client proxy, and for in-memory fakes in unit tests. */
    protected CloudCopyStore() {}

    @Inject
    public CloudCopyStore(Clock clock) {
        this.clock = clock;
    }

    public Optional<CloudCopy> find(String target, String backupId) {
        return Optional.ofNullable(em.find(CloudCopy.class, new CloudCopy.Key(backupId, target)));
    }

    /** Every row of every target, not tracked: for reading, never for changes (those go through {@link #change}). */
    public List<CloudCopy> all() {
        return em.createQuery("SELECT c FROM CloudCopy c", CloudCopy.class)
                .setHint("eclipselink.read-only", true)
                .getResultList();
    }

    /**
     * What the backup list shows of a copy, read as values: a page of the list then builds no entities with their
     * upload bookkeeping (key, ETag, upload id, lease), which made up an eighth of what it allocated.
     */
    public record Progress(String backupId, String target, OffsiteCopies.State state) {

        /** The select list, in the order {@link #of(Object[])} reads it. */
        static final String COLUMNS = "c.backupId, c.target, c.state, c.error, c.bytesUploaded, c.bytesTotal,"
                + " c.attempts, c.uploadedAt, c.nextAttemptAt";

        static Progress of(Object[] row) {
            return new Progress(
                    (String) row[0],
                    (String) row[1],
                    new OffsiteCopies.State(
                            ((CloudState) row[2]).wireName(),
                            (String) row[3],
                            ((Number) row[4]).longValue(),
                            ((Number) row[5]).longValue(),
                            ((Number) row[6]).intValue(),
                            (Instant) row[7],
                            (Instant) row[8]));
        }
    }

    /** The progress of every copy on every target. */
    public List<Progress> progress() {
        return em
                .createQuery("SELECT " + Progress.COLUMNS + " FROM CloudCopy c", Object[].class)
                .getResultList()
                .stream()
                .map(Progress::of)
                .toList();
    }

    /** The progress of the given backups' copies only (those that have one). */
    public List<Progress> progress(Collection<String> backupIds) {
        if (backupIds.isEmpty()) {
            return List.of();
        }
        return em
                .createQuery(
                        "SELECT " + Progress.COLUMNS + " FROM CloudCopy c WHERE c.backupId IN :ids", Object[].class)
                .setParameter("ids", List.copyOf(backupIds))
                .getResultList()
                .stream()
                .map(Progress::of)
                .toList();
    }

    public List<CloudCopy> inState(String target, CloudState state) {
        return em.createQuery(
                        "SELECT c FROM CloudCopy c WHERE c.target = :target AND c.state = :state", CloudCopy.class)
                .setParameter("target", target)
                .setParameter("state", state)
                .getResultList();
    }

    /** Applies a change, creating the row first when the backup has none on the target. */
    public CloudCopy change(String target, String backupId, Consumer<CloudCopy> change) {
        var copy = em.find(CloudCopy.class, new CloudCopy.Key(backupId, target));
        if (copy == null) {
            copy = new CloudCopy(backupId, target, clock.instant());
            em.persist(copy);
        }
        change.accept(copy);
        return copy;
    }

    /**
     * Moves the lease of an upload {@code node} has in progress; false when the copy is not uploading under that
     * node. A conditional UPDATE that leaves the version alone, so progress writes never conflict with it.
     */
    public boolean renewLease(String target, String backupId, String node, Instant until) {
        return em.createNativeQuery("UPDATE cloud_copies SET lease_until = ?1"
                                + " WHERE backup_id = ?2 AND state = 'UPLOADING' AND node = ?3 AND target = ?4")
                        .setParameter(1, until.atOffset(ZoneOffset.UTC))
                        .setParameter(2, backupId)
                        .setParameter(3, node)
                        .setParameter(4, target)
                        .executeUpdate()
                == 1;
    }

    /**
     * Takes over an upload whose node stopped renewing its lease: it becomes {@code newNode}'s, failed with a
     * retry due now. One conditional UPDATE, so of several servers exactly one takes it, and none against a
     * renewal that got there first. A row without a lease counts as expired once unchanged since before
     * {@code leaselessChangedBefore}.
     */
    public boolean takeOver(
            String target,
            String backupId,
            String oldNode,
            String newNode,
            Instant now,
            Instant leaselessChangedBefore,
            String reason) {
        return em.createNativeQuery("UPDATE cloud_copies SET state = 'FAILED', error = ?1, next_attempt_at = ?2,"
                                + " updated_at = ?2, node = ?3, lease_until = NULL, version = version + 1"
                                + " WHERE backup_id = ?4 AND state = 'UPLOADING' AND node = ?5 AND target = ?7"
                                + " AND (lease_until < ?2 OR (lease_until IS NULL AND updated_at < ?6))")
                        .setParameter(1, Columns.clip(reason, 2000))
                        .setParameter(2, now.atOffset(ZoneOffset.UTC))
                        .setParameter(3, newNode)
                        .setParameter(4, backupId)
                        .setParameter(5, oldNode)
                        .setParameter(6, leaselessChangedBefore.atOffset(ZoneOffset.UTC))
                        .setParameter(7, target)
                        .executeUpdate()
                == 1;
    }

    public void remove(String target, String backupId) {
        var copy = em.find(CloudCopy.class, new CloudCopy.Key(backupId, target));
        if (copy != null) {
            em.remove(copy);
        }
    }
}
