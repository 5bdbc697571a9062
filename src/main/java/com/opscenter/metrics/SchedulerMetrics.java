package com.opscenter.metrics;

import com.opscenter.schedule.boundary.ScheduleTimers;
import com.opscenter.schedule.control.ScheduledRuns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;

/** The scheduler's next run and its skipped ticks. */
@ApplicationScoped
public class SchedulerMetrics {

    private static final Logger LOG = Logger.getLogger(SchedulerMetrics.class.getName());

    @Inject
    MetricRegistry registry;

    @Inject
    ScheduleTimers timers;

    @Inject
    ScheduledRuns runs;

    private final Memo<Long> skipped = new Memo<>(Duration.ofSeconds(5), () -> runs.skipped());

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        registry.gauge(
                OpsMetric.SCHEDULER_NEXT_RUN_TIMESTAMP.metadata(),
                () -> read(() ->
                        timers.nextRun().map(at -> at.toEpochMilli() / 1000.0).orElse(Double.NaN)));
        registry.gauge(
                OpsMetric.SCHEDULER_SKIPPED_RUNS.metadata(),
                () -> read(() -> skipped.get().doubleValue()));
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
