package com.opscenter.storage.boundary;

import com.opscenter.storage.control.Cleanup;
import jakarta.json.bind.annotation.JsonbProperty;

/**
 * Absent fields take the spec's defaults; {@code dry_run} is ours and defaults to false. Unknown fields and
 * flags that are not JSON booleans are refused before binding (StrictRequestBodies).
 */
public record CleanupRequest(
        @JsonbProperty("cleanup_docker") Boolean cleanupDocker,
        @JsonbProperty("cleanup_logs") Boolean cleanupLogs,
        @JsonbProperty("cleanup_cache") Boolean cleanupCache,
        @JsonbProperty("cleanup_backups") Boolean cleanupBackups,
        @JsonbProperty("dry_run") Boolean dryRun) {

    /** No body at all: every action at its default. */
    static final CleanupRequest DEFAULTS = new CleanupRequest(null, null, null, null, null);

    Cleanup.Plan plan() {
        return new Cleanup.Plan(
                or(cleanupDocker, true),
                or(cleanupLogs, true),
                or(cleanupCache, true),
                or(cleanupBackups, false),
                or(dryRun, false));
    }

    static boolean or(Boolean value, boolean fallback) {
        return value == null ? fallback : value;
    }
}
