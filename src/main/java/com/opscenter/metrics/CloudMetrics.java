package com.opscenter.metrics;

import com.opscenter.cloud.control.CloudCopyStore;
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
 */
@ApplicationScoped
public class CloudMetrics {

    private static final Logger LOG = Logger.getLogger(CloudMetrics.class.getName());

    @Inject
    MetricRegistry registry;

    @Inject
    CloudCopyStore copies;

    private final Memo<List<CloudCopy>> table = new Memo<>(BackupMetrics.CATALOG_TTL, () -> copies.all());

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        registry.counter(OpsMetric.CLOUD_UPLOADS.metadata(), outcome("success"));
        registry.counter(OpsMetric.CLOUD_UPLOADS.metadata(), outcome("failure"));
        registry.counter(OpsMetric.CLOUD_UPLOAD_BYTES.metadata());
        registry.counter(OpsMetric.CLOUD_UPLOAD_FAILURES.metadata());
        registry.gauge(
                OpsMetric.CLOUD_LAST_UPLOAD_TIMESTAMP.metadata(),
                () -> read(rows -> rows.stream()
                        .filter(c -> c.uploadedAt() != null)
                        .mapToDouble(c -> c.uploadedAt().toEpochMilli() / 1000.0)
                        .max()
                        .orElse(0.0)));
        for (var state : List.of(CloudState.UPLOADING, CloudState.UPLOADED, CloudState.FAILED)) {
            registry.gauge(
                    OpsMetric.CLOUD_COPIES.metadata(),
                    () -> read(rows -> countByState(rows).get(state)),
                    new Tag("state", state.wireName()));
        }
    }

    void uploadFinished(@Observes CloudUploadFinished upload) {
        if (upload.succeeded()) {
            registry.counter(OpsMetric.CLOUD_UPLOADS.metadata(), outcome("success"))
                    .inc();
            registry.counter(OpsMetric.CLOUD_UPLOAD_BYTES.metadata()).inc(Math.max(0, upload.bytes()));
        } else {
            registry.counter(OpsMetric.CLOUD_UPLOADS.metadata(), outcome("failure"))
                    .inc();
            registry.counter(OpsMetric.CLOUD_UPLOAD_FAILURES.metadata()).inc();
        }
        table.invalidate();
    }

    private static Map<CloudState, Long> countByState(List<CloudCopy> rows) {
        var counts = new EnumMap<CloudState, Long>(CloudState.class);
        for (var state : CloudState.values()) {
            counts.put(state, 0L);
        }
        rows.forEach(c -> counts.merge(c.state(), 1L, Long::sum));
        return counts;
    }

    private static Tag outcome(String value) {
        return new Tag("outcome", value);
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
