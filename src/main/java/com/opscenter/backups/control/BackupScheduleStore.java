package com.opscenter.backups.control;

import com.opscenter.backups.entity.BackupSchedule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The named schedules' rows (every schedule but {@code default}, which is the configuration row). */
@ApplicationScoped
@Transactional
public class BackupScheduleStore {

    @PersistenceContext(unitName = "opscenter")
    EntityManager em;

    public List<BackupSchedule> all() {
        return em.createQuery("SELECT s FROM BackupSchedule s ORDER BY s.name", BackupSchedule.class)
                .getResultList();
    }

    public Optional<BackupSchedule> find(String name) {
        return Optional.ofNullable(em.find(BackupSchedule.class, name));
    }

    public long count() {
        return em.createQuery("SELECT COUNT(s) FROM BackupSchedule s", Long.class)
                .getSingleResult();
    }

    /** False when a schedule of that name exists already. */
    public boolean create(BackupSchedule schedule) {
        if (em.find(BackupSchedule.class, schedule.name()) != null) {
            return false;
        }
        em.persist(schedule);
        em.flush();
        return true;
    }

    public Optional<BackupSchedule> update(String name, Consumer<BackupSchedule> change) {
        var row = em.find(BackupSchedule.class, name);
        if (row == null) {
            return Optional.empty();
        }
        change.accept(row);
        em.flush();
        return Optional.of(row);
    }

    public boolean delete(String name) {
        var row = em.find(BackupSchedule.class, name);
        if (row == null) {
            return false;
        }
        em.remove(row);
        return true;
    }
}
