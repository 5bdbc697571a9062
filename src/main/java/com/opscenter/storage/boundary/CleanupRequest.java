package com.opscenter.storage.boundary;

import com.opscenter.storage.control.Cleanup;

/**
 * Absent fields take the spec's defaults; {@code dry_run} is ours and defaults to false. Unknown fields and
 * flags that are not JSON booleans are refused before binding (StrictRequestBodies).
 */
public record CleanupRequest(
        Boolean cleanupDocker, Boolean cleanupLogs, Boolean cleanupCache, Boolean cleanupBackups, Boolean dryRun) {

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
