package com.opscenter.backups.boundary;

import com.opscenter.backups.control.OffsiteCopies;
import com.opscenter.platform.boundary.Timestamps;
import jakarta.json.bind.annotation.JsonbProperty;

/** A backup's off-site copy: {@code not_uploaded}, {@code uploading}, {@code uploaded} or {@code failed}. */
public record CloudStatus(
        String state,
        @JsonbProperty(value = "error", nillable = true) String error,
        @JsonbProperty("bytes_uploaded") long bytesUploaded,
        @JsonbProperty("bytes_total") long bytesTotal,
        double percent,
        int attempts,

        @JsonbProperty(value = "uploaded_at", nillable = true)
        String uploadedAt,

        @JsonbProperty(value = "next_attempt", nillable = true)
        String nextAttempt) {

    static CloudStatus of(OffsiteCopies.State state) {
        return new CloudStatus(
                state.state(),
                state.error(),
                state.bytesUploaded(),
                state.bytesTotal(),
                BackupDetails.Progress.percent(state.bytesUploaded(), state.bytesTotal()),
                state.attempts(),
                Timestamps.iso(state.uploadedAt()),
                Timestamps.iso(state.nextAttemptAt()));
    }
}
