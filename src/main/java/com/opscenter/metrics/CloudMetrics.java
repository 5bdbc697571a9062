package com.opscenter.metrics;

import com.opscenter.cloud.control.CloudCopyStore;
import com.opscenter.cloud.control.CloudTarget;
import com.opscenter.cloud.control.CloudTargets;
import com.opscenter.cloud.control.CloudUploadFinished;
import com.opscenter.cloud.entity.CloudCopy;
import com.opscenter.cloud.entity.CloudState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Cloud upload counters from the upload events, and gauges of the cloud state table, read at most once per
 * {@link BackupMetrics#CATALOG_TTL}. The state gauges survive restarts, so "uploads keep failing" stays visible.
 * Every series carries the cloud target's name ({@code target}), so one target that stopped shows beside one that
 * works.
 */
@ApplicationScoped
public class CloudMetrics {

    private static final Logger LOG = Logger.getLogger(CloudMetrics.class.getName());

    @Inject
    MetricRegistry registry;

    @Inject
    CloudCopyStore copies;

    @Inject
    CloudTargets targets;

    private final Memo<List<CloudCopy>> table = new Memo<>(BackupMetrics.CATALOG_TTL, () -> copies.all());

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        for (var name : targets.all().stream().map(CloudTarget::name).toList()) {
            var target = target(name);
            registry.counter(OpsMetric.CLOUD_UPLOADS.metadata(), outcome("success"), target);
            registry.counter(OpsMetric.CLOUD_UPLOADS.metadata(), outcome("failure"), target);
            registry.counter(OpsMetric.CLOUD_UPLOAD_BYTES.metadata(), target);
            registry.counter(OpsMetric.CLOUD_UPLOAD_FAILURES.metadata(), target);
            registry.gauge(
                    OpsMetric.CLOUD_LAST_UPLOAD_TIMESTAMP.metadata(),
                    () -> read(rows -> rows.stream()
                            .filter(c -> name.equals(c.target()) && c.uploadedAt() != null)
                            .mapToDouble(c -> c.uploadedAt().toEpochMilli() / 1000.0)
                            .max()
                            .orElse(0.0)),
                    target);
            for (var state : List.of(CloudState.UPLOADING, CloudState.UPLOADED, CloudState.FAILED)) {
                registry.gauge(
                        OpsMetric.CLOUD_COPIES.metadata(),
                        () -> read(rows -> countByState(rows, name).get(state)),
                        new Tag("state", state.wireName()),
                        target);
            }
        }
    }

    void uploadFinished(@Observes CloudUploadFinished upload) {
        var target = target(upload.target());
        if (upload.succeeded()) {
            registry.counter(OpsMetric.CLOUD_UPLOADS.metadata(), outcome("success"), target)
                    .inc();
            registry.counter(OpsMetric.CLOUD_UPLOAD_BYTES.metadata(), target).inc(Math.max(0, upload.bytes()));
        } else {
            registry.counter(OpsMetric.CLOUD_UPLOADS.metadata(), outcome("failure"), target)
                    .inc();
            registry.counter(OpsMetric.CLOUD_UPLOAD_FAILURES.metadata(), target).inc();
        }
        table.invalidate();
    }

    private static Map<CloudState, Long> countByState(List<CloudCopy> rows, String target) {
        var counts = new EnumMap<CloudState, Long>(CloudState.class);
        for (var state : CloudState.values()) {
            counts.put(state, 0L);
        }
        rows.stream().filter(c -> target.equals(c.target())).forEach(c -> counts.merge(c.state(), 1L, Long::sum));
        return counts;
    }

    private static Tag outcome(String value) {
        return new Tag("outcome", value);
    }

    private static Tag target(String name) {
        return new Tag("target", name);
    }

    private double read(java.util.function.Function<List<CloudCopy>, Number> value) {
        try {
            return value.apply(table.get()).doubleValue();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Cannot read the cloud state table", e);
            return Double.NaN;
        }
    }
}
