package com.opscenter.audit.control;

import com.opscenter.audit.entity.AuditEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the audit trail, newest first. */
@ApplicationScoped
public class AuditLog {

    @PersistenceContext(unitName = "opscenter")
    EntityManager em;

    public record Page(long total, List<AuditEntry> entries) {}

    public Page find(AuditQuery query) {
        var conditions = new ArrayList<String>();
        var parameters = new HashMap<String, Object>();
        if (query.action() != null) {
            conditions.add("e.action = :action");
            parameters.put("action", query.action());
        }
        if (query.actor() != null) {
            conditions.add("e.actor = :actor");
            parameters.put("actor", query.actor());
        }
        if (query.outcome() != null) {
            conditions.add("e.outcome = :outcome");
            parameters.put("outcome", query.outcome());
        }
        if (query.from() != null) {
            conditions.add("e.occurredAt >= :from");
            parameters.put("from", query.from());
        }
        if (query.to() != null) {
            conditions.add("e.occurredAt < :to");
            parameters.put("to", query.to());
        }
        var where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        var select = em.createQuery("SELECT e FROM AuditEntry e" + where + " ORDER BY e.id DESC", AuditEntry.class)
                .setFirstResult(query.offset())
                .setMaxResults(query.limit())
                .setHint("eclipselink.read-only", true);
        bind(select, parameters);
        // The whole trail's total is kept by its writers (AuditCount); a filtered one is counted, from an index
        // for action and actor.
        var kept = conditions.isEmpty() ? AuditCount.read(em) : Optional.<Long>empty();
        var total = kept.orElseGet(() -> {
            var count = em.createQuery("SELECT COUNT(e) FROM AuditEntry e" + where, Long.class);
            bind(count, parameters);
            return count.getSingleResult();
        });
        return new Page(total, select.getResultList());
    }

    private static void bind(TypedQuery<?> query, Map<String, Object> parameters) {
        parameters.forEach(query::setParameter);
    }
}
