package com.opscenter.audit.control;

import jakarta.persistence.EntityManager;
import java.util.Optional;

/**
 * The number of rows in audit_log, kept in audit_log_count (db/V10__catalog_speed.sql) by the transactions that
 * write and trim the trail, so that the unfiltered trail's total is one row read instead of a count over a
 * million rows on every request. The update of the one counter row also orders concurrent writers: each holds
 * its lock only for the rest of its short transaction.
 */
final class AuditCount {

    private AuditCount() {}

    /** In the caller's transaction, with the rows it writes ({@code rows} > 0) or removes ({@code rows} < 0). */
    static void add(EntityManager em, long rows) {
        em.createNativeQuery("UPDATE audit_log_count SET row_count = row_count + ?1 WHERE id = 1")
                .setParameter(1, rows)
                .executeUpdate();
    }

    /** The kept total; empty when the counter row is gone, and the caller counts. */
    static Optional<Long> read(EntityManager em) {
        var rows = em.createNativeQuery("SELECT row_count FROM audit_log_count WHERE id = 1")
                .getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(((Number) rows.get(0)).longValue());
    }

    /**
     * Counts the rows and stores the count, in the caller's transaction. The counter row is locked first, so a
     * writer that has not committed yet waits and adds its rows after this count; every writer that committed
     * before the lock is in the count (each statement sees what was committed when it began).
     */
    static long recount(EntityManager em) {
        var locked = em.createNativeQuery("UPDATE audit_log_count SET row_count = row_count WHERE id = 1")
                .executeUpdate();
        if (locked == 0) {
            em.createNativeQuery("INSERT INTO audit_log_count (id, row_count) VALUES (1, 0)")
                    .executeUpdate();
        }
        em.createNativeQuery("UPDATE audit_log_count SET row_count = (SELECT COUNT(*) FROM audit_log) WHERE id = 1")
                .executeUpdate();
        return read(em).orElse(0L);
    }
}
