package com.opscenter.audit.control;

import com.opscenter.audit.entity.AuditEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** Writes audit events in a transaction of their own, so a failed operation still leaves its trace. */
@ApplicationScoped
public class AuditTrail {

    @PersistenceContext(unitName = "opscenter")
    EntityManager em;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(@Observes AuditEvent event) {
        em.persist(new AuditEntry(
                event.occurredAt(),
                event.actor(),
                event.action(),
                event.target(),
                event.outcome(),
                event.clientAddress(),
                event.details()));
    }
}
