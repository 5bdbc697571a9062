package com.opscenter.schedule.control;

import com.opscenter.schedule.entity.ScheduledRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/** Claims scheduled times in the database so that, among servers sharing it, exactly one runs each. */
@ApplicationScoped
public class ScheduledRuns {

    @PersistenceContext(unitName = "opscenter")
    EntityManager em;

    private ClaimWriter writer;
    private Clock clock;

    /** For the container's client proxy, and for in-memory fakes in unit tests. */
    protected ScheduledRuns() {}

    @Inject
    ScheduledRuns(ClaimWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    /** True if this server won the scheduled time; false if another server (or an earlier tick) has it. */
    public boolean claim(Instant scheduledFor, String node, boolean catchUp) {
        try {
            writer.insert(new ScheduledRun(scheduledFor, node, catchUp, clock.instant()));
            return true;
        } catch (RuntimeException e) {
            if (causedByDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    @Transactional
    public void record(Instant scheduledFor, Consumer<ScheduledRun> change) {
        Optional.ofNullable(em.find(ScheduledRun.class, scheduledFor)).ifPresent(change);
    }

    /** The latest scheduled time any server claimed. (Not MAX(): the aggregate bypasses the Instant converter.) */
    @Transactional
    public Optional<Instant> latest() {
        return em.createQuery("SELECT r FROM ScheduledRun r ORDER BY r.scheduledFor DESC", ScheduledRun.class)
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .map(ScheduledRun::scheduledFor);
    }

    @Transactional
    public long skipped() {
        return em.createQuery("SELECT COUNT(r) FROM ScheduledRun r WHERE r.outcome = :skipped", Long.class)
                .setParameter("skipped", ScheduledRun.Outcome.SKIPPED)
                .getSingleResult();
    }

    @Transactional
    public Optional<ScheduledRun> lastSkipped() {
        return em.createQuery(
                        "SELECT r FROM ScheduledRun r WHERE r.outcome = :skipped ORDER BY r.scheduledFor DESC",
                        ScheduledRun.class)
                .setParameter("skipped", ScheduledRun.Outcome.SKIPPED)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
    }

    private static boolean causedByDuplicateKey(Throwable e) {
        for (var cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
