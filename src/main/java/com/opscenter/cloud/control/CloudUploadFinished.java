package com.opscenter.cloud.control;

import java.time.Instant;

/**
 * Fired after each upload attempt to one target is committed. Audit, metrics, mail and cloud retention observe it.
 * {@code retryAt} is set when another attempt is planned; {@code attempt} counts from 1.
 */
public record CloudUploadFinished(
        String backupId,
        boolean succeeded,
        long bytes,
        int attempt,
        String error,
        Instant retryAt,
        String actor,
        String target) {

    /** The last word on this upload: it worked, or nothing will try again by itself. */
    public boolean finalFailure() {
        return !succeeded && retryAt == null;
    }
}
