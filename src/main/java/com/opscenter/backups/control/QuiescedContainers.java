package com.opscenter.backups.control;

import com.opscenter.backups.entity.QuiescedContainer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** The containers stopped or paused and not yet started again (db/V9); each method is one short transaction. */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class QuiescedContainers {

    @PersistenceContext(unitName = "opscenter")
    EntityManager em;

    /** Refused (by the primary key) when another backup or restore holds the container already. */
    public void add(QuiescedContainer container) {
        em.persist(container);
        em.flush();
    }

    public Optional<QuiescedContainer> find(String containerId) {
        return Optional.ofNullable(em.find(QuiescedContainer.class, containerId));
    }

    public void remove(String containerId) {
        var row = em.find(QuiescedContainer.class, containerId);
        if (row != null) {
            em.remove(row);
        }
    }

    /** What {@code node} stopped or paused and did not start again, oldest first. */
    public List<QuiescedContainer> ofNode(String node) {
        return em.createQuery(
                        "SELECT q FROM QuiescedContainer q WHERE q.node = :node ORDER BY q.since",
                        QuiescedContainer.class)
                .setParameter("node", node)
                .getResultList();
    }
}
