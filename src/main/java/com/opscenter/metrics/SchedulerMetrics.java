package com.opscenter.metrics;

import com.opscenter.backups.control.BackupCatalog;
import com.opscenter.schedule.boundary.ScheduleTimers;
import com.opscenter.schedule.control.ScheduledRuns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/** The scheduler's next run and its skipped ticks, and each schedule's last success (label {@code schedule}). */
@ApplicationScoped
public class SchedulerMetrics {

    private static final Logger LOG = Logger.getLogger(SchedulerMetrics.class.getName());

    @Inject
    MetricRegistry registry;

    @Inject
    ScheduleTimers timers;

    @Inject
    ScheduledRuns runs;

    @Inject
    BackupCatalog catalog;

    private final Memo<Long> skipped = new Memo<>(Duration.ofSeconds(5), () -> runs.skipped());

    /** The schedules with a last-success gauge, and the newest success of each, read at most every 5 seconds. */
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    private final Memo<Map<String, Double>> lastSuccess = new Memo<>(Duration.ofSeconds(5), this::lastSuccesses);

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        registry.gauge(
                OpsMetric.SCHEDULER_NEXT_RUN_TIMESTAMP.metadata(),
                () -> read(() ->
                        timers.nextRun().map(at -> at.toEpochMilli() / 1000.0).orElse(Double.NaN)));
        registry.gauge(
                OpsMetric.SCHEDULER_SKIPPED_RUNS.metadata(),
                () -> read(() -> skipped.get().doubleValue()));
    }

    /**
     * One gauge per schedule, so an alert can say which schedule stopped producing backups; a deleted schedule's
     * gauge goes. Follows the timers, which follow every change on any server.
     */
    void follow(@Observes ScheduleTimers.Rearmed rearmed) {
        var names = Set.copyOf(rearmed.schedules());
        for (var name : names) {
            if (gauged.add(name)) {
                registry.gauge(
                        OpsMetric.SCHEDULE_LAST_SUCCESS_TIMESTAMP.metadata(),
                        () -> read(() -> lastSuccess.get().getOrDefault(name, Double.NaN)),
                        new Tag("schedule", name));
            }
        }
        for (var name : Set.copyOf(gauged)) {
            if (!names.contains(name)) {
                registry.remove(
                        new MetricID(OpsMetric.SCHEDULE_LAST_SUCCESS_TIMESTAMP.name, new Tag("schedule", name)));
                gauged.remove(name);
            }
        }
        lastSuccess.invalidate();
    }

    private Map<String, Double> lastSuccesses() {
        var map = new HashMap<String, Double>();
        for (var name : gauged) {
            map.put(
                    name,
                    catalog.lastSuccessful(name)
                            .map(b -> b.startedAt().toEpochMilli() / 1000.0)
                            .orElse(0.0));
        }
        return map;
    }

    private static double read(Supplier<Double> value) {
        try {
            return value.get();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Cannot read a scheduler metric", e);
            return Double.NaN;
        }
    }
}
