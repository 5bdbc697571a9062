package com.opscenter.backups.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this server is doing with each backup right now (restoring, downloading, verifying, uploading), so that
 * a delete or retention never pulls an archive out from under a reader.
 */
@ApplicationScoped
public class BackupUsage {

    public enum Use {
        RESTORING,
        DOWNLOADING,
        VERIFYING,
        UPLOADING
    }

    private final Map<String, Map<Use, Integer>> uses = new ConcurrentHashMap<>();

    /** Registers a use until the returned handle is closed. */
    public Handle begin(String backupId, Use use) {
        uses.compute(backupId, (id, current) -> {
            var updated = current == null ? new ConcurrentHashMap<Use, Integer>() : current;
            updated.merge(use, 1, Integer::sum);
            return updated;
        });
        return new Handle(backupId, use);
    }

    /** The use in progress, if any, for a 409 message. */
    public java.util.Optional<Use> current(String backupId) {
        var current = uses.get(backupId);
        return current == null
                ? java.util.Optional.empty()
                : current.keySet().stream().findFirst();
    }

    public boolean inUse(String backupId) {
        return uses.containsKey(backupId);
    }

    public final class Handle implements AutoCloseable {
        private final String backupId;
        private final Use use;
        private boolean closed;

        private Handle(String backupId, Use use) {
            this.backupId = backupId;
            this.use = use;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            uses.computeIfPresent(backupId, (id, current) -> {
                current.computeIfPresent(use, (u, count) -> count > 1 ? count - 1 : null);
                return current.isEmpty() ? null : current;
            });
        }
    }
}
