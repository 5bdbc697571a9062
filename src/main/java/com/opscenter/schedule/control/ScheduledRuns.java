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

/**
 * Claims the scheduled times of each schedule in the database so that, among servers sharing it, exactly one
 * runs each (schedule, time): two schedules firing in the same minute are two claims.
 */
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

    /** True if this server won the schedule's time; false if another server (or an earlier tick) has it. */
    public boolean claim(String schedule, Instant scheduledFor, String node, boolean catchUp) {
        try {
            writer.insert(new ScheduledRun(schedule, scheduledFor, node, catchUp, clock.instant()));
            return true;
        } catch (RuntimeException e) {
            if (causedByDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    @Transactional
    public void record(String schedule, Instant scheduledFor, Consumer<ScheduledRun> change) {
        Optional.ofNullable(em.find(ScheduledRun.class, new ScheduledRun.Key(schedule, scheduledFor)))
                .ifPresent(change);
    }

    /** The schedule's latest claimed time. (Not MAX(): the aggregate bypasses the Instant converter.) */
    @Transactional
    public Optional<Instant> latest(String schedule) {
        return last(schedule).map(ScheduledRun::scheduledFor);
    }

    /** The schedule's latest claim, whatever became of it. */
    @Transactional
    public Optional<ScheduledRun> last(String schedule) {
        return em.createQuery(
                        "SELECT r FROM ScheduledRun r WHERE r.scheduleName = :schedule ORDER BY r.scheduledFor DESC",
                        ScheduledRun.class)
                .setParameter("schedule", schedule)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
    }

    /** Skipped ticks of every schedule. */
    @Transactional
    public long skipped() {
        return em.createQuery("SELECT COUNT(r) FROM ScheduledRun r WHERE r.outcome = :skipped", Long.class)
                .setParameter("skipped", ScheduledRun.Outcome.SKIPPED)
                .getSingleResult();
    }

    @Transactional
    public long skipped(String schedule) {
        return em.createQuery(
                        "SELECT COUNT(r) FROM ScheduledRun r WHERE r.outcome = :skipped AND r.scheduleName = :schedule",
                        Long.class)
                .setParameter("skipped", ScheduledRun.Outcome.SKIPPED)
                .setParameter("schedule", schedule)
                .getSingleResult();
    }

    @Transactional
    public Optional<ScheduledRun> lastSkipped(String schedule) {
        return em.createQuery(
                        "SELECT r FROM ScheduledRun r WHERE r.outcome = :skipped AND r.scheduleName = :schedule"
                                + " ORDER BY r.scheduledFor DESC",
                        ScheduledRun.class)
                .setParameter("skipped", ScheduledRun.Outcome.SKIPPED)
                .setParameter("schedule", schedule)
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
