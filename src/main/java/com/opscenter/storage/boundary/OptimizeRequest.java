package com.opscenter.storage.boundary;

import com.opscenter.storage.control.Optimizer;
import jakarta.json.bind.annotation.JsonbProperty;

/** Absent fields take the spec's defaults; {@code dry_run} is ours and defaults to false. */
public record OptimizeRequest(
        @JsonbProperty("compress_logs") Boolean compressLogs,
        Boolean defragment,
        @JsonbProperty("verify_integrity") Boolean verifyIntegrity,
        @JsonbProperty("dry_run") Boolean dryRun) {

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
