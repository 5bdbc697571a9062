package com.opscenter.schedule.control;

import com.opscenter.schedule.entity.ScheduledRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** Inserts a claim in a transaction of its own, so a lost race surfaces here as a duplicate key. */
@ApplicationScoped
class ClaimWriter {

    @PersistenceContext(unitName = "opscenter")
    EntityManager em;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void insert(ScheduledRun run) {
        em.persist(run);
        em.flush();
    }
}
