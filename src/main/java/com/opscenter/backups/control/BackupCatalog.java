package com.opscenter.backups.control;

import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The backup catalog in the database. Every method is one short transaction; no file I/O happens here. */
@ApplicationScoped
@Transactional
public class BackupCatalog {

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

    /** Newest first. */
    public List<Backup> all() {
        return em.createQuery("SELECT b FROM Backup b ORDER BY b.startedAt DESC, b.id DESC", Backup.class)
                .getResultList();
    }

    public List<Backup> withStatus(BackupStatus status) {
        return em.createQuery("SELECT b FROM Backup b WHERE b.status = :status ORDER BY b.startedAt DESC", Backup.class)
                .setParameter("status", status)
                .getResultList();
    }

    public Optional<Backup> lastSuccessful() {
        return em.createQuery(
                        "SELECT b FROM Backup b WHERE b.status IN :done ORDER BY b.startedAt DESC, b.id DESC",
                        Backup.class)
                .setParameter("done", List.of(BackupStatus.COMPLETED, BackupStatus.COMPLETED_WITH_WARNINGS))
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
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
