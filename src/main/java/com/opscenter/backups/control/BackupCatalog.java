package com.opscenter.backups.control;

import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
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
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The backup catalog in the database. Every method is one short transaction; no file I/O happens here. */
@ApplicationScoped
@Transactional
public class BackupCatalog {

    /**
     * A usable archive: completed, with or without warnings. Two parameters rather than {@code IN :list}: the
     * persistence provider generates a query's SQL again on every run when a parameter is a collection.
     */
    private static final String DONE = "(b.status = :completed OR b.status = :warnings)";

    @PersistenceContext(unitName = "opscenter")
    EntityManager em;

    private Clock clock;

    /** For the container's client proxy, and for in-memory fakes in unit tests. */
    protected BackupCatalog() {}

    @Inject
    public BackupCatalog(Clock clock) {
        this.clock = clock;
    }

    public void add(Backup backup) {
        em.persist(backup);
    }

    public Optional<Backup> find(String id) {
        return Optional.ofNullable(em.find(Backup.class, id));
    }

    public boolean exists(String id) {
        return em.find(Backup.class, id) != null;
    }

    /**
     * EclipseLink's hint to hand back rows it does not track: a list of thousands of backups read only to be shown
     * would otherwise be copied into the transaction and compared field by field at commit. Callers must not
     * change what such a query returns (changes go through {@link #change}).
     */
    private static final String READ_ONLY = "eclipselink.read-only";

    /** Newest first, read only. */
    public List<Backup> all() {
        return em.createQuery("SELECT b FROM Backup b ORDER BY b.startedAt DESC, b.id DESC", Backup.class)
                .setHint(READ_ONLY, true)
                .getResultList();
    }

    /** Which backups a list shows: those of one schedule, those that hold one volume; null is any. */
    public record Filter(String schedule, String volume) {
        public static final Filter NONE = new Filter(null, null);

        /** As the catalog's own rows: volume lists are stored one name per line. */
        public boolean matches(Backup backup) {
            return (schedule == null || schedule.equals(backup.schedule()))
                    && (volume == null || backup.volumes().contains(volume));
        }
    }

    /** What the list shows of every backup, newest first. */
    public List<BackupListing> listing() {
        return listing(0, Integer.MAX_VALUE);
    }

    /** What the list shows of one page of backups, newest first. */
    public List<BackupListing> listing(int offset, int limit) {
        return listing(Filter.NONE, offset, limit);
    }

    /** What the list shows of one page of the backups the filter lets through, newest first. */
    public List<BackupListing> listing(Filter filter, int offset, int limit) {
        var query = em.createQuery(
                        "SELECT " + BackupListing.COLUMNS + " FROM Backup b" + where(filter)
                                + " ORDER BY b.startedAt DESC, b.id DESC",
                        Object[].class)
                .setFirstResult(offset);
        bind(query, filter);
        if (limit != Integer.MAX_VALUE) {
            query.setMaxResults(limit);
        }
        return query.getResultList().stream().map(BackupListing::of).toList();
    }

    public long count() {
        return count(Filter.NONE);
    }

    public long count(Filter filter) {
        var query = em.createQuery("SELECT COUNT(b) FROM Backup b" + where(filter), Long.class);
        bind(query, filter);
        return query.getSingleResult();
    }

    /** A volume is one whole line of the stored list: alone, first, in the middle or last. */
    private static String where(Filter filter) {
        var conditions = new java.util.ArrayList<String>();
        if (filter.schedule() != null) {
            conditions.add("b.schedule = :schedule");
        }
        if (filter.volume() != null) {
            conditions.add("(b.volumes = :volume OR b.volumes LIKE :first ESCAPE '!' OR b.volumes LIKE :middle"
                    + " ESCAPE '!' OR b.volumes LIKE :last ESCAPE '!')");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static void bind(jakarta.persistence.Query query, Filter filter) {
        if (filter.schedule() != null) {
            query.setParameter("schedule", filter.schedule());
        }
        if (filter.volume() != null) {
            var v = filter.volume().replace("!", "!!").replace("%", "!%").replace("_", "!_");
            query.setParameter("volume", filter.volume());
            query.setParameter("first", v + "\n%");
            query.setParameter("middle", "%\n" + v + "\n%");
            query.setParameter("last", "%\n" + v);
        }
    }

    /**
     * The backups that depend on {@code id} (its id is a whole line of their depends_on: alone, first, in the
     * middle or last, so backup-20261201-020000 never matches backup-20261201-020000-1), oldest first; a failed
     * backup needs nothing. Ids only: what decides is the row as it is now.
     */
    public List<String> dependants(String id) {
        var escaped = id.replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return em.createQuery(
                        "SELECT b.id FROM Backup b WHERE b.status <> :failed AND b.id <> :id AND (b.dependsOn = :id"
                                + " OR b.dependsOn LIKE :first ESCAPE '!' OR b.dependsOn LIKE :middle ESCAPE '!'"
                                + " OR b.dependsOn LIKE :last ESCAPE '!') ORDER BY b.startedAt, b.id",
                        String.class)
                .setParameter("failed", BackupStatus.FAILED)
                .setParameter("id", id)
                .setParameter("first", escaped + "\n%")
                .setParameter("middle", "%\n" + escaped + "\n%")
                .setParameter("last", "%\n" + escaped)
                .getResultList();
    }

    /** Where a {@code missing} backup's archive belongs, and how big it was. */
    public record MissingArchive(String id, String location, String archiveFile, long sizeBytes) {}

    /**
     * Every {@code missing} backup's archive place: four columns, not whole rows, as the list checks them on every
     * request.
     */
    public List<MissingArchive> missingArchives() {
        return em
                .createQuery(
                        "SELECT b.id, b.location, b.archiveFile, b.sizeBytes FROM Backup b WHERE b.status = :missing",
                        Object[].class)
                .setParameter("missing", BackupStatus.MISSING)
                .getResultList()
                .stream()
                .map(r -> new MissingArchive((String) r[0], (String) r[1], (String) r[2], ((Number) r[3]).longValue()))
                .toList();
    }

    public List<Backup> withStatus(BackupStatus status) {
        return em.createQuery("SELECT b FROM Backup b WHERE b.status = :status ORDER BY b.startedAt DESC", Backup.class)
                .setParameter("status", status)
                .getResultList();
    }

    public Optional<Backup> lastSuccessful() {
        return usable("SELECT b FROM Backup b WHERE " + DONE + " ORDER BY b.startedAt DESC, b.id DESC", Backup.class)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
    }

    /** When the newest complete backup started: the list's {@code last_backup}, without reading the whole row. */
    public Optional<java.time.Instant> lastSuccessfulStart() {
        return usable(
                        "SELECT b.startedAt FROM Backup b WHERE " + DONE + " ORDER BY b.startedAt DESC, b.id DESC",
                        java.time.Instant.class)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
    }

    /** The newest complete backup taken for the schedule. */
    public Optional<Backup> lastSuccessful(String schedule) {
        return usable(
                        "SELECT b FROM Backup b WHERE " + DONE + " AND b.schedule = :schedule"
                                + " ORDER BY b.startedAt DESC, b.id DESC",
                        Backup.class)
                .setParameter("schedule", schedule)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
    }

    /**
     * The completed backups of exactly these volumes and paths (in any order), newest first: the candidates for an
     * increment's base. Only the columns needed to compare are read.
     */
    public List<String> completedWith(List<String> volumes, List<String> paths) {
        var wantedVolumes = Set.copyOf(volumes);
        var wantedPaths = Set.copyOf(paths);
        return usable(
                        "SELECT b.id, b.volumes, b.paths FROM Backup b WHERE " + DONE
                                + " ORDER BY b.startedAt DESC, b.id DESC",
                        Object[].class)
                .getResultList()
                .stream()
                .filter(row -> Set.copyOf(Columns.lines((String) row[1])).equals(wantedVolumes)
                        && Set.copyOf(Columns.lines((String) row[2])).equals(wantedPaths))
                .map(row -> (String) row[0])
                .toList();
    }

    /** A query whose JPQL uses {@link #DONE}, with its two statuses bound. */
    private <T> jakarta.persistence.TypedQuery<T> usable(String jpql, Class<T> type) {
        return em.createQuery(jpql, type)
                .setParameter("completed", BackupStatus.COMPLETED)
                .setParameter("warnings", BackupStatus.COMPLETED_WITH_WARNINGS);
    }

    /** The archive sizes of those of {@code ids} whose archive is usable (completed), by id. */
    public Map<String, Long> completedSizes(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        var sizes = new HashMap<String, Long>();
        // In slices: a list page may ask for thousands of ids, more than a database takes in one IN list.
        var all = List.copyOf(new LinkedHashSet<>(ids));
        for (int from = 0; from < all.size(); from += 1000) {
            usable("SELECT b.id, b.sizeBytes FROM Backup b WHERE b.id IN :ids AND " + DONE, Object[].class)
                    .setParameter("ids", all.subList(from, Math.min(all.size(), from + 1000)))
                    .getResultList()
                    .forEach(row -> sizes.put((String) row[0], ((Number) row[1]).longValue()));
        }
        return sizes;
    }

    /** Applies a change to one backup in its own transaction; unknown ids are ignored and reported. */
    public boolean change(String id, Consumer<Backup> change) {
        var backup = em.find(Backup.class, id);
        if (backup == null) {
            return false;
        }
        change.accept(backup);
        return true;
    }

    /** Applies a change only while the backup is still running; false when it is not (or is gone). */
    public boolean changeRunning(String id, Consumer<Backup> change) {
        var applied = new boolean[1];
        change(id, b -> {
            if (b.status() == BackupStatus.RUNNING) {
                change.accept(b);
                applied[0] = true;
            }
        });
        return applied[0];
    }

    /**
     * Moves the lease of a backup {@code node} is running to {@code until}; false when the backup is no longer
     * running or no longer this node's (another server failed it), and the job has lost it. One conditional
     * UPDATE, so it cannot interleave with {@link #expireLease}; it leaves the version alone, so that the job's
     * own progress writes never conflict with it.
     */
    public boolean renewLease(String id, String node, Instant until) {
        return em.createNativeQuery(
                                "UPDATE backups SET lease_until = ?1 WHERE id = ?2 AND status = 'RUNNING' AND node = ?3")
                        .setParameter(1, until.atOffset(ZoneOffset.UTC))
                        .setParameter(2, id)
                        .setParameter(3, node)
                        .executeUpdate()
                == 1;
    }

    /**
     * Fails a backup whose lease ran out, unless its node renewed it meanwhile: one conditional UPDATE, so of
     * several servers sweeping at once exactly one wins, and never against a renewal that got there first. A row
     * without a lease counts as expired once it started before {@code leaselessStartedBefore}.
     */
    public boolean expireLease(String id, String node, Instant now, Instant leaselessStartedBefore, String reason) {
        return em.createNativeQuery("UPDATE backups SET status = 'FAILED', error = ?1, finished_at = ?2,"
                                + " depends_on = NULL, version = version + 1 WHERE id = ?3 AND status = 'RUNNING' AND node = ?4"
                                + " AND (lease_until < ?2 OR (lease_until IS NULL AND started_at < ?5))")
                        .setParameter(1, Columns.clip(reason, 4000))
                        .setParameter(2, now.atOffset(ZoneOffset.UTC))
                        .setParameter(3, id)
                        .setParameter(4, node)
                        .setParameter(5, leaselessStartedBefore.atOffset(ZoneOffset.UTC))
                        .executeUpdate()
                == 1;
    }

    public void progress(String id, long bytesDone, long bytesTotal, long filesDone, long filesTotal) {
        change(id, b -> b.progress(bytesDone, bytesTotal, filesDone, filesTotal));
    }

    public void failed(String id, String reason) {
        change(id, b -> b.failed(reason, clock.instant()));
    }

    public boolean remove(String id) {
        var backup = em.find(Backup.class, id);
        if (backup == null) {
            return false;
        }
        em.remove(backup);
        return true;
    }
}
