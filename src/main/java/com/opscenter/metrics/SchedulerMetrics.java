package com.opscenter.metrics;

import com.opscenter.backups.control.BackupCatalog;
import com.opscenter.backups.control.Schedule;
import com.opscenter.cron.CronExpression;
import com.opscenter.schedule.boundary.ScheduleTimers;
import com.opscenter.schedule.control.ScheduledRuns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Per schedule (label {@code schedule}): whether it is enabled, its period, when this server's timers next fire
 * for it, its newest claimed time, its last success and its skipped ticks. An alert can then say which schedule
 * stopped without knowing any schedule's period; a deleted schedule's series go.
 */
@ApplicationScoped
public class SchedulerMetrics {

    private static final Logger LOG = Logger.getLogger(SchedulerMetrics.class.getName());
    private static final List<OpsMetric> PER_SCHEDULE = List.of(
            OpsMetric.SCHEDULE_ENABLED,
            OpsMetric.SCHEDULE_INTERVAL,
            OpsMetric.SCHEDULER_NEXT_RUN_TIMESTAMP,
            OpsMetric.SCHEDULE_LAST_RUN_TIMESTAMP,
            OpsMetric.SCHEDULE_LAST_SUCCESS_TIMESTAMP,
            OpsMetric.SCHEDULER_SKIPPED_RUNS);

    @Inject
    MetricRegistry registry;

    @Inject
    ScheduleTimers timers;

    @Inject
    ScheduledRuns runs;

    @Inject
    BackupCatalog catalog;

    @Inject
    Clock clock;

    /** Every schedule as last armed, with its period (computed once per change, not per scrape). */
    private final Map<String, Followed> followed = new ConcurrentHashMap<>();

    /** What the database says of each schedule, read at most every 5 seconds whatever the number of gauges. */
    private final Memo<Map<String, History>> history = new Memo<>(Duration.ofSeconds(5), this::histories);

    private record Followed(Schedule schedule, double intervalSeconds) {}

    private record History(double lastSuccess, double lastRun, double skipped) {}

    /** Follows the timers, which follow every change on any server (within a minute on the others). */
    void follow(@Observes ScheduleTimers.Rearmed rearmed) {
        var now = clock.instant();
        var names = new HashMap<String, Schedule>();
        rearmed.schedules().forEach(s -> names.put(s.name(), s));
        for (var schedule : names.values()) {
            var interval = interval(schedule, now);
            if (followed.put(schedule.name(), new Followed(schedule, interval)) == null) {
                register(schedule.name());
            }
        }
        for (var name : List.copyOf(followed.keySet())) {
            if (!names.containsKey(name)) {
                PER_SCHEDULE.forEach(metric -> registry.remove(new MetricID(metric.name, new Tag("schedule", name))));
                followed.remove(name);
            }
        }
        history.invalidate();
    }

    private void register(String name) {
        var tag = new Tag("schedule", name);
        gauge(
                OpsMetric.SCHEDULE_ENABLED,
                tag,
                () -> followedValue(name, f -> f.schedule().enabled() ? 1.0 : 0.0));
        gauge(OpsMetric.SCHEDULE_INTERVAL, tag, () -> followedValue(name, Followed::intervalSeconds));
        gauge(
                OpsMetric.SCHEDULER_NEXT_RUN_TIMESTAMP,
                tag,
                () -> timers.nextRun(name).map(at -> at.toEpochMilli() / 1000.0).orElse(Double.NaN));
        gauge(OpsMetric.SCHEDULE_LAST_RUN_TIMESTAMP, tag, () -> historyOf(name, History::lastRun));
        gauge(OpsMetric.SCHEDULE_LAST_SUCCESS_TIMESTAMP, tag, () -> historyOf(name, History::lastSuccess));
        gauge(OpsMetric.SCHEDULER_SKIPPED_RUNS, tag, () -> historyOf(name, History::skipped));
    }

    private void gauge(OpsMetric metric, Tag tag, Supplier<Double> value) {
        registry.gauge(metric.metadata(), () -> read(value), tag);
    }

    private double followedValue(String name, Function<Followed, Double> value) {
        var f = followed.get(name);
        return f == null ? Double.NaN : value.apply(f);
    }

    private double historyOf(String name, Function<History, Double> value) {
        var h = history.get().get(name);
        return h == null ? Double.NaN : value.apply(h);
    }

    private static double interval(Schedule schedule, java.time.Instant now) {
        try {
            return CronExpression.parse(schedule.cron())
                    .longestGap(ZonedDateTime.ofInstant(now, schedule.zone()))
                    .toSeconds();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "No period for schedule " + schedule.name(), e);
            return Double.NaN;
        }
    }

    private Map<String, History> histories() {
        var map = new HashMap<String, History>();
        for (var name : followed.keySet()) {
            map.put(
                    name,
                    new History(
                            catalog.lastSuccessful(name)
                                    .map(b -> b.startedAt().toEpochMilli() / 1000.0)
                                    .orElse(0.0),
                            runs.latest(name)
                                    .map(at -> at.toEpochMilli() / 1000.0)
                                    .orElse(0.0),
                            runs.skipped(name)));
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
