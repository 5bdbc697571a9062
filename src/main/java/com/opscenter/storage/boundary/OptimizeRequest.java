package com.opscenter.storage.boundary;

import com.opscenter.storage.control.Optimizer;

/** Absent fields take the spec's defaults; {@code dry_run} is ours and defaults to false. */
public record OptimizeRequest(Boolean compressLogs, Boolean defragment, Boolean verifyIntegrity, Boolean dryRun) {

    /** No body at all: every step at its default. */
    static final OptimizeRequest DEFAULTS = new OptimizeRequest(null, null, null, null);

    Optimizer.Plan plan() {
        return new Optimizer.Plan(
                CleanupRequest.or(compressLogs, true),
                CleanupRequest.or(defragment, false),
                CleanupRequest.or(verifyIntegrity, true),
                CleanupRequest.or(dryRun, false));
    }
}
