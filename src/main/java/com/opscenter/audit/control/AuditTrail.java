package com.opscenter.audit.control;

import com.opscenter.audit.entity.AuditEntry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Writes audit events in a transaction of their own, so a failed operation still leaves its trace. What a caller
 * sent is neutralised ({@link AuditText}), anonymous denials are aggregated ({@link DeniedBursts}), and rows
 * older than the retention are trimmed.
 */
@ApplicationScoped
public class AuditTrail {

    /** One row, then one summary, per address and minute. */
    static final Duration DENIED_WINDOW = Duration.ofMinutes(1);

    /** Addresses tracked at once before new ones share a window: a few hundred KiB at most. */
    static final int MAX_DENIED_SOURCES = 10_000;

    private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());

    @PersistenceContext(unitName = "opscenter")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperties
    AuditSettings settings;

    private DeniedBursts denied;

    @PostConstruct
    void start() {
        denied = new DeniedBursts(clock, DENIED_WINDOW, MAX_DENIED_SOURCES);
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(@Observes AuditEvent event) {
        write(DeniedBursts.applies(event) ? denied.admit(event) : List.of(event));
    }

    /** Writes the summaries of anonymous denials whose window is over. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void closeDeniedBursts() {
        write(denied.closeEnded());
    }

    /** Deletes the rows older than the retention; answers how many went. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int trim() {
        var cutoff = new AuditRetention(clock, settings.retentionDays()).cutoff();
        if (cutoff.isEmpty()) {
            return 0;
        }
        var removed = em.createQuery("DELETE FROM AuditEntry e WHERE e.occurredAt < :cutoff")
                .setParameter("cutoff", cutoff.get())
                .executeUpdate();
        if (removed > 0) {
            AuditCount.add(em, -removed);
            LOG.info("Removed " + removed + " audit rows from before " + cutoff.get());
        }
        return removed;
    }

    /** Counts the rows again, correcting the kept total for rows written or removed by anything but this class. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long recount() {
        return AuditCount.recount(em);
    }

    private void write(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        for (var event : events) {
            em.persist(new AuditEntry(
                    event.occurredAt(),
                    AuditText.neutral(event.actor()),
                    AuditText.neutral(event.action()),
                    AuditText.neutral(event.target()),
                    event.outcome(),
                    AuditText.neutral(event.clientAddress()),
                    AuditText.neutral(event.details()),
                    event.count()));
        }
        AuditCount.add(em, events.size());
    }
}
